namespace Signet.Core.Encoding;

/// <summary>Hexadecimal (RFC 4648 §8, base16). Encodes lowercase; decodes either case.</summary>
public static class Hex
{
    /// <summary>
    /// Decodes hexadecimal digits (either case, even count); anything else is a <see cref="SignetFormatException"/>
    /// naming <paramref name="what"/>.
    /// </summary>
    public static byte[] Decode(string s, string what)
    {
        if (s is null)
        {
            throw new SignetFormatException($"{what}: hex value is missing");
        }

        if (s.Length % 2 != 0)
        {
            throw new SignetFormatException($"{what}: hex value has an odd number of digits");
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                throw new SignetFormatException($"{what}: not a hex string");
            }
        }

        return Convert.FromHexString(s);
    }

    /// <summary>Encodes <paramref name="data"/> as lower-case hexadecimal, as Sigstore writes digests.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(data);
}
