namespace Signet.Analysis.Static;

/// <summary>Shannon entropy of text, in bits per character (over UTF-16 code units folded to bytes).</summary>
internal static class Entropy
{
    /// <summary>English prose is about 4.2 bits/char, minified code 5.0–5.3; base64 approaches 6, encrypted data in Latin-1 more.</summary>
    public const double HighBitsPerChar = 5.6;

    public static double BitsPerChar(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[256];
        foreach (var c in text)
        {
            counts[c & 0xff]++;
        }

        double bits = 0, n = text.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / n;
                bits -= p * Math.Log2(p);
            }
        }

        return bits;
    }
}
