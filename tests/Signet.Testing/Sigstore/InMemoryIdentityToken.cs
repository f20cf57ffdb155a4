using System.Text;
using Signet.Core.Encoding;

namespace Signet.Testing.Sigstore;

/// <summary>Identity tokens of an in-memory OIDC issuer: unsigned JWTs (the signer does not check them, the in-memory CA does not either).</summary>
public static class InMemoryIdentityToken
{
    /// <summary>The issuer every in-memory token names.</summary>
    public const string Issuer = "https://issuer.in-memory.test";

    /// <summary>A compact JWT of <see cref="Issuer"/> for <paramref name="email"/>, expiring after <paramref name="lifetime"/> (ten minutes by default).</summary>
    public static string Create(string email, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        var header = Base64Url.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        var expiry = now.Add(lifetime ?? TimeSpan.FromMinutes(10)).ToUnixTimeSeconds();
        var claims = Base64Url.Encode(Encoding.UTF8.GetBytes(
            $$"""{"iss":"{{Issuer}}","sub":"{{email}}","email":"{{email}}","aud":"sigstore","exp":{{expiry}}}"""));
        return $"{header}.{claims}.c2lnbmF0dXJl";
    }
}
