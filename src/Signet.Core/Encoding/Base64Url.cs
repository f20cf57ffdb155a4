namespace Signet.Core.Encoding;

/// <summary>
/// URL-safe base64 (RFC 4648 §5). Encodes without padding (as JOSE does, RFC 7515 §2); decodes with or without
/// padding but refuses characters outside the URL-safe alphabet and whitespace.
/// </summary>
public static class Base64Url
{
    /// <summary>
    /// Decodes <paramref name="s"/>, padded or not; anything outside the URL-safe alphabet is a
    /// <see cref="SignetFormatException"/> naming <paramref name="what"/>.
    /// </summary>
    public static byte[] Decode(string s, string what)
    {
        if (s is null)
        {
            throw new SignetFormatException($"{what}: base64url value is missing");
        }

        var body = s.AsSpan().TrimEnd('=');
        if (s.Length - body.Length > 2 || (s.Length != body.Length && s.Length % 4 != 0) || body.Length % 4 == 1)
        {
            throw new SignetFormatException($"{what}: not valid base64url (bad length or padding)");
        }

        foreach (var c in body)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                throw new SignetFormatException($"{what}: not valid base64url (character outside the URL-safe alphabet)");
            }
        }

        var buffer = new byte[System.Buffers.Text.Base64Url.GetMaxDecodedLength(body.Length)];
        var status = System.Buffers.Text.Base64Url.DecodeFromChars(body, buffer, out _, out var written);
        return status == System.Buffers.OperationStatus.Done
            ? buffer.AsSpan(0, written).ToArray()
            : throw new SignetFormatException($"{what}: not valid base64url");
    }

    /// <summary>Encodes <paramref name="data"/> without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);
}
