namespace Signet.Core.Encoding;

/// <summary>
/// Standard base64 (RFC 4648 §4) with padding, as protobuf JSON and C2SP notes use it. Decoding is strict:
/// no whitespace, padding required, only the standard alphabet.
/// </summary>
public static class Base64Std
{
    /// <summary>Decodes <paramref name="s"/>; <paramref name="what"/> names the field in the error message.</summary>
    public static byte[] Decode(string s, string what)
    {
        if (s is null)
        {
            throw new SignetFormatException($"{what}: base64 value is missing");
        }

        var buffer = new byte[(s.Length / 4 * 3) + 3];
        if (!TryDecode(s, buffer, out var written))
        {
            throw new SignetFormatException($"{what}: not valid standard base64");
        }

        return buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes into a caller's buffer; returns false (never throws) on malformed input or a short buffer.</summary>
    public static bool TryDecode(ReadOnlySpan<char> s, Span<byte> destination, out int written)
    {
        written = 0;
        return IsCanonicalAlphabet(s) && Convert.TryFromBase64Chars(s, destination, out written);
    }

    /// <summary>
    /// Encodes <paramref name="data"/> in the standard alphabet with padding (RFC 4648 §4), as protobuf JSON writes
    /// bytes.
    /// </summary>
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data);

    /// <summary>
    /// True when <paramref name="s"/> is a whole number of 4-character groups over the RFC 4648 §4 alphabet,
    /// with at most two '=' and only at the end.
    /// </summary>
    internal static bool IsCanonicalAlphabet(ReadOnlySpan<char> s)
    {
        if (s.Length % 4 != 0)
        {
            return false;
        }

        var pad = s.EndsWith("==", StringComparison.Ordinal) ? 2 : s.EndsWith("=", StringComparison.Ordinal) ? 1 : 0;
        foreach (var c in s[..^pad])
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/'))
            {
                return false;
            }
        }

        return true;
    }
}
