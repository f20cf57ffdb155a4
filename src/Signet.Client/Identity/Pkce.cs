using System.Security.Cryptography;
using System.Text;
using Signet.Core.Encoding;

namespace Signet.Client.Identity;

/// <summary>Proof Key for Code Exchange (RFC 7636): a one-time verifier and its S256 challenge.</summary>
public sealed class Pkce
{
    private Pkce(string verifier)
    {
        Verifier = verifier;

        // RFC 7636 §4.2: code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))).
        Challenge = Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>RFC 7636 §4.1: 32 random octets, base64url-encoded to 43 unreserved characters.</summary>
    public string Verifier { get; }

    /// <summary>RFC 7636 §4.2: BASE64URL(SHA-256(verifier)), sent with the authorization request.</summary>
    public string Challenge { get; }

    /// <summary>RFC 7636 §4.2: the only method this client uses.</summary>
    public static string Method => "S256";

    /// <summary>Creates a verifier from fresh random bytes and derives its challenge.</summary>
    public static Pkce Create() => new(Base64Url.Encode(RandomNumberGenerator.GetBytes(32)));
}
