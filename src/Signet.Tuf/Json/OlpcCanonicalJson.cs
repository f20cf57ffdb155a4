using System.Buffers;
using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Tuf.Json;

/// <summary>
/// OLPC canonical JSON as TUF signs it (TUF specification §4.2 "File formats: general principles", and
/// securesystemslib <c>encode_canonical</c>). Not RFC 8785: strings escape only <c>"</c> and <c>\</c> and keep every
/// other character raw, numbers must be integers, keys sort by Unicode code point, and there is no whitespace.
/// </summary>
public static class OlpcCanonicalJson
{
    private static readonly Form Olpc = new();

    /// <summary>The canonical UTF-8 bytes of <paramref name="element"/>.</summary>
    public static byte[] Encode(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Olpc.Write(element, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>securesystemslib's rules on the shared canonical walk.</summary>
    private sealed class Form : CanonicalJsonForm
    {
        protected override int CompareNames(string a, string b) => CompareCodePoints(a, b);

        protected override void WriteString(string value, IBufferWriter<byte> output)
        {
            output.Write("\""u8);
            Span<byte> utf8 = stackalloc byte[4];
            foreach (var rune in value.EnumerateRunes())
            {
                if (rune.Value is '"' or '\\')
                {
                    output.Write("\\"u8);
                }

                var n = rune.EncodeToUtf8(utf8);
                output.Write(utf8[..n]);
            }

            output.Write("\""u8);
        }

        protected override void WriteNumber(JsonElement number, IBufferWriter<byte> output)
        {
            // securesystemslib refuses floats; an integer is written in plain decimal.
            if (!number.TryGetInt64(out var integer))
            {
                throw new SignetFormatException($"canonical JSON: number {number.GetRawText()} is not an integer");
            }

            output.Write(Encoding.ASCII.GetBytes(integer.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Python's <c>sorted()</c> on str: by code point (differs from UTF-16 order above U+FFFF).</summary>
    internal static int CompareCodePoints(string a, string b)
    {
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb)
            {
                return ha == hb ? 0 : (ha ? 1 : -1);
            }

            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }
}
