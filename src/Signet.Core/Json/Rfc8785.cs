using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signet.Core.Json;

/// <summary>
/// JSON Canonicalization Scheme, RFC 8785 (as Rekor canonicalizes entry bodies and the signed entry timestamp payload):
/// I-JSON input (§3.1: no duplicate names, no lone surrogates, finite numbers), no insignificant whitespace, object
/// members sorted by their UTF-16 code units (§3.2.3), strings escaped as ECMAScript's JSON.stringify does (§3.2.2.2)
/// and numbers serialized as ECMAScript's Number.prototype.toString (§3.2.2.3).
/// </summary>
public static class Rfc8785
{
    /// <summary>Nesting deeper than this is refused (the input is untrusted).</summary>
    public const int MaxDepth = 64;

    /// <summary>What the canonicalizer reads: 64 MiB, <see cref="MaxDepth"/> levels, 65,536 members or items.</summary>
    public static JsonLimits Limits { get; } = new(64 * 1024 * 1024, MaxDepth, 65536);

    private static readonly Form Jcs = new();

    /// <summary>The canonical form of <paramref name="utf8Json"/>; input that is not I-JSON is a <see cref="SignetFormatException"/>.</summary>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        // StrictJson refuses invalid UTF-8, lone surrogates and duplicate names (RFC 8785 §3.1, RFC 7493 §2.1, §2.3).
        using var doc = StrictJson.Parse(utf8Json.ToArray(), "JSON", Limits);
        var output = new ArrayBufferWriter<byte>(utf8Json.Length + 16);
        Jcs.Write(doc.RootElement, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The canonical form of a JSON tree built in code (e.g. a Rekor entry body).</summary>
    public static byte[] Canonicalize(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return Canonicalize(buffer.WrittenSpan);
    }

    /// <summary>RFC 8785's rules on the shared canonical walk.</summary>
    private sealed class Form : CanonicalJsonForm
    {
        // RFC 8785 §3.2.3: sort by UTF-16 code units; string.CompareOrdinal compares char (UTF-16) values.
        protected override int CompareNames(string a, string b) => string.CompareOrdinal(a, b);

        protected override void WriteString(string value, IBufferWriter<byte> output) => Rfc8785.WriteString(value, output);

        protected override void WriteNumber(JsonElement number, IBufferWriter<byte> output) =>
            WriteAscii(FormatNumber(ReadNumber(number)), output);
    }

    private static double ReadNumber(JsonElement e)
    {
        if (!e.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            // RFC 8785 §3.2.2.3: values outside IEEE 754 double precision are an error.
            throw new SignetFormatException($"JSON: number {e.GetRawText()} is outside IEEE 754 double range");
        }

        return d;
    }

    // RFC 8785 §3.2.2.2: JSON.stringify escaping. Only '"', '\\' and controls below U+0020 are escaped;
    // \b \t \n \f \r use their short forms, other controls \u00hh with lowercase hex.
    private static void WriteString(string s, IBufferWriter<byte> o)
    {
        o.Write("\""u8);
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            WriteUtf8(s.AsSpan(start, i - start), o);
            start = i + 1;
            switch (c)
            {
                case '"': o.Write("\\\""u8); break;
                case '\\': o.Write("\\\\"u8); break;
                case '\b': o.Write("\\b"u8); break;
                case '\t': o.Write("\\t"u8); break;
                case '\n': o.Write("\\n"u8); break;
                case '\f': o.Write("\\f"u8); break;
                case '\r': o.Write("\\r"u8); break;
                default:
                    WriteAscii("\\u00" + ((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture), o);
                    break;
            }
        }

        WriteUtf8(s.AsSpan(start), o);
        o.Write("\""u8);
    }

    private static void WriteUtf8(ReadOnlySpan<char> s, IBufferWriter<byte> o)
    {
        if (s.IsEmpty)
        {
            return;
        }

        var span = o.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(s.Length));
        o.Advance(System.Text.Encoding.UTF8.GetBytes(s, span));
    }

    private static void WriteAscii(string s, IBufferWriter<byte> o)
    {
        var span = o.GetSpan(s.Length);
        o.Advance(System.Text.Encoding.ASCII.GetBytes(s, span));
    }

    /// <summary>ECMAScript Number::toString (ECMA-262 §6.1.6.1.20) for a finite double.</summary>
    internal static string FormatNumber(double value)
    {
        if (value == 0)
        {
            return "0"; // -0 serializes as 0.
        }

        var (digits, n) = ShortestDigits(Math.Abs(value));
        var k = digits.Length;
        var sb = new StringBuilder(32);
        if (value < 0)
        {
            sb.Append('-');
        }

        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }

            sb.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The shortest decimal digits s (no leading/trailing zeros) and exponent n with value = 0.s × 10^n,
    /// taken from .NET's shortest round-trip formatting ("R", which since .NET Core 3.0 is shortest).
    /// </summary>
    private static (string Digits, int N) ShortestDigits(double positive)
    {
        var shortest = positive.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var ePos = shortest.IndexOfAny(['E', 'e']);
        var mantissa = ePos < 0 ? shortest : shortest[..ePos];
        var exp = ePos < 0 ? 0 : int.Parse(shortest.AsSpan(ePos + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = intPart + fracPart;
        var pointPos = intPart.Length + exp;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        var digits = all[lead..].TrimEnd('0');
        return (digits, pointPos - lead);
    }
}
