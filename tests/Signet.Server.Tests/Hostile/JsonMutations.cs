using System.Text;

namespace Signet.Server.Tests.Hostile;

/// <summary>
/// Ways to break a JSON body, each applied to an endpoint's plausible request. A template marks one string value
/// with <c>§</c>: the string mutations replace it; the structural ones break the document around it.
/// </summary>
public static class JsonMutations
{
    public const string Marker = "§";

    private static readonly byte[] InvalidUtf8 = [0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80];

    /// <summary>(name, body) for every mutation of <paramref name="template"/>.</summary>
    public static IEnumerable<(string Name, byte[] Body)> Of(string template)
    {
        var valid = template.Replace(Marker, "x", StringComparison.Ordinal);
        var (before, after) = Split(template);
        byte[] Str(byte[] raw) => [.. U(before), .. raw, .. U(after)];
        byte[] Val(string json) => U(template.Replace("\"" + Marker + "\"", json, StringComparison.Ordinal));

        // Text inside the marked string.
        yield return ("invalid-utf8-in-string", Str(InvalidUtf8));
        yield return ("overlong-utf8-in-string", Str([0xc0, 0xaf]));
        yield return ("utf8-surrogate-bytes-in-string", Str([0xed, 0xb0, 0x80]));
        yield return ("lone-high-surrogate", Str(U("\\ud800")));
        yield return ("lone-low-surrogate", Str(U("\\udc00")));
        yield return ("reversed-surrogates", Str(U("\\udc00\\ud800")));
        yield return ("bad-escape", Str(U("\\x41")));
        yield return ("short-unicode-escape", Str(U("\\u12")));
        yield return ("raw-control-char", Str([0x01, 0x0a, 0x1b]));
        yield return ("nul-in-string", Str(U("\\u0000")));
        yield return ("newline-escape-in-string", Str(U("a\\nb")));
        yield return ("invalid-base64", Str(U("!!!not*base64***")));
        yield return ("long-string", Str(U(new string('A', 300_000))));
        yield return ("invalid-utf8-in-key", U("{\"") .Concat(InvalidUtf8).Concat(U("\":1,")).Concat(U(valid[1..])).ToArray());
        yield return ("lone-surrogate-in-key", U("{\"\\ud800\":1," + valid[1..]));

        // Wrong types where the string was.
        yield return ("number-for-string", Val("12"));
        yield return ("huge-number", Val("1e999999"));
        yield return ("huge-integer", Val("123456789012345678901234567890123456789"));
        yield return ("negative-number", Val("-1"));
        yield return ("fraction", Val("0.5"));
        yield return ("null-for-string", Val("null"));
        yield return ("bool-for-string", Val("true"));
        yield return ("array-for-string", Val("[\"x\",[1]]"));
        yield return ("object-for-string", Val("{\"a\":{}}"));
        yield return ("deep-array-at-field", Val(new string('[', 5000) + new string(']', 5000)));

        // The document.
        yield return ("duplicate-key", Val("\"x\"," + KeyOfMarker(template) + ":\"y\""));
        yield return ("empty-body", []);
        yield return ("whitespace-body", U("  \n\t "));
        yield return ("json-null", U("null"));
        yield return ("json-array", U("[]"));
        yield return ("json-string", U("\"x\""));
        yield return ("json-number", U("-0.0e-0"));
        yield return ("empty-object", U("{}"));
        yield return ("truncated-half", U(valid[..(valid.Length / 2)]));
        yield return ("truncated-last-byte", U(valid[..^1]));
        yield return ("trailing-garbage", U(valid + "x"));
        yield return ("two-documents", U(valid + valid));
        yield return ("trailing-comma", U(valid[..^1] + ",}"));
        yield return ("comment", U("/*c*/" + valid));
        yield return ("single-quotes", U(valid.Replace('"', '\'')));
        yield return ("bom", [0xef, 0xbb, 0xbf, .. U(valid)]);
        yield return ("utf16", Encoding.Unicode.GetBytes(valid));
        yield return ("nan", U("{\"a\":NaN}"));
        yield return ("deep-nesting", U(new string('[', 100_000) + new string(']', 100_000)));
        yield return ("deep-object-nesting", U(string.Concat(Enumerable.Repeat("{\"a\":", 20_000)) + "1" + new string('}', 20_000)));
        yield return ("many-members", U("{" + string.Join(',', Enumerable.Range(0, 50_000).Select(i => $"\"k{i}\":{i}")) + "}"));
        yield return ("nul-bytes", new byte[64]);
        yield return ("binary-garbage", [.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37 + 11))]);
        yield return ("oversize", U("{\"a\":\"" + new string('A', 5 * 1024 * 1024) + "\"}"));
    }

    private static (string Before, string After) Split(string template)
    {
        var at = template.IndexOf(Marker, StringComparison.Ordinal);
        return (template[..at], template[(at + Marker.Length)..]);
    }

    /// <summary>The quoted key whose value is the marker: <c>"kind"</c> of <c>{"kind":"§"}</c>.</summary>
    private static string KeyOfMarker(string template)
    {
        var colon = template.IndexOf("\"" + Marker, StringComparison.Ordinal) - 1;
        var open = template.LastIndexOf('"', colon - 2);
        return template[open..colon];
    }

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
}
