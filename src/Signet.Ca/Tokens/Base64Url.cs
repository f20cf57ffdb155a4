using Signet.Core;

namespace Signet.Ca.Tokens;

/// <summary>Unpadded base64url of JWT segments (RFC 7515 §2).</summary>
internal static class Base64Url
{
    public static byte[] DecodeUnpadded(string s)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(s);
        }
        catch (FormatException e)
        {
            throw new SignetFormatException("identity token: a segment is not base64url", e);
        }
    }
}
