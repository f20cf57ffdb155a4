using System.Text;
using System.Text.Json;
using Signet.Core;

namespace Signet.Tuf.Json;

/// <summary>
/// OLPC canonical JSON as TUF signs it (TUF specification §4.2 "File formats: general principles", and
/// securesystemslib <c>encode_canonical</c>). Not RFC 8785: strings escape only <c>"</c> and <c>\</c> and keep every
/// other character raw, numbers must be integers, keys sort by Unicode code point, and there is no whitespace.
/// </summary>
public static class OlpcCanonicalJson
{
    /// <summary>The canonical UTF-8 bytes of <paramref name="element"/>.</summary>
    public static byte[] Encode(JsonElement element)
    {
        using var buffer = new MemoryStream();
        Write(element, buffer, depth: 0);
        return buffer.ToArray();
    }

    private static void Write(JsonElement element, MemoryStream output, int depth)
    {
        if (depth > 64)
        {
            throw new SignetFormatException("canonical JSON: nesting deeper than 64 levels");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                properties.Sort((a, b) => CompareCodePoints(a.Name, b.Name));
                output.WriteByte((byte)'{');
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        output.WriteByte((byte)',');
                    }

                    WriteString(properties[i].Name, output);
                    output.WriteByte((byte)':');
                    Write(properties[i].Value, output, depth + 1);
                }

                output.WriteByte((byte)'}');
                break;
            case JsonValueKind.Array:
                output.WriteByte((byte)'[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.WriteByte((byte)',');
                    }

                    first = false;
                    Write(item, output, depth + 1);
                }

                output.WriteByte((byte)']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                break;
            case JsonValueKind.Number:
                // securesystemslib refuses floats; an integer is written in plain decimal.
                if (!element.TryGetInt64(out var integer))
                {
                    throw new SignetFormatException($"canonical JSON: number {element.GetRawText()} is not an integer");
                }

                output.Write(Encoding.ASCII.GetBytes(integer.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            case JsonValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                throw new SignetFormatException($"canonical JSON: unexpected {element.ValueKind}");
        }
    }

    private static void WriteString(string value, MemoryStream output)
    {
        output.WriteByte((byte)'"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is '"' or '\\')
            {
                output.WriteByte((byte)'\\');
            }

            var n = rune.EncodeToUtf8(utf8);
            output.Write(utf8[..n]);
        }

        output.WriteByte((byte)'"');
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
