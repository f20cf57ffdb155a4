using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Signet.Core.Encoding;
using Signet.Core.OAuth;

namespace Signet.Server.Oidc;

/// <summary>
/// The token endpoint's interactive grants (RFC 6749 §4.1.3 authorization code with the RFC 7636 §4.5–§4.6 PKCE
/// check; RFC 8628 §3.4–§3.5 device code). Success is an ID token for the approved email identity with the
/// request's <c>nonce</c> and <c>aud</c> = the client ID; failure is an RFC 6749 §5.2 error object.
/// </summary>
internal static class TokenGrants
{
    public static IResult Handle(string grantType, Func<string, string?> field, DevelopmentIssuer issuer, PendingLogins logins, string baseUrl) =>
        grantType switch
        {
            OAuthGrantTypes.AuthorizationCode => RedeemCode(field, issuer, logins, baseUrl),
            OAuthGrantTypes.DeviceCode => PollDevice(field, issuer, logins, baseUrl),
            _ => Error("unsupported_grant_type", $"grant_type '{grantType}' is not supported"),
        };

    private static IResult RedeemCode(Func<string, string?> field, DevelopmentIssuer issuer, PendingLogins logins, string baseUrl)
    {
        var code = field("code");
        var verifier = field("code_verifier");
        if (code is null || verifier is null || field("redirect_uri") is not { } redirectUri || field("client_id") is not { } clientId)
        {
            return Error("invalid_request", "code, code_verifier, redirect_uri and client_id are required");
        }

        // Taken out before any check: a wrong attempt burns the code (RFC 6749 §4.1.2, §10.5).
        var grant = logins.RedeemCode(code);
        if (grant is null)
        {
            return Error("invalid_grant", "the authorization code is unknown, already used or expired");
        }

        // RFC 6749 §4.1.3: the code was issued to this client for this redirect URI.
        if (grant.ClientId != clientId || grant.RedirectUri != redirectUri)
        {
            return Error("invalid_grant", "the authorization code was issued to another client or redirect_uri");
        }

        // RFC 7636 §4.1: the verifier is 43–128 unreserved characters; §4.6: BASE64URL(SHA256(ASCII(verifier))) == challenge.
        if (verifier.Length is < 43 or > 128 || !verifier.All(IsUnreserved))
        {
            return Error("invalid_grant", "code_verifier is not 43–128 unreserved characters (RFC 7636 §4.1)");
        }

        var computed = Encoding.ASCII.GetBytes(Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        if (!CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(grant.CodeChallenge)))
        {
            return Error("invalid_grant", "the PKCE code_verifier does not match the code_challenge (RFC 7636 §4.6)");
        }

        return Token(issuer.MintEmailToken(baseUrl, grant.Email, clientId, grant.Nonce));
    }

    private static IResult PollDevice(Func<string, string?> field, DevelopmentIssuer issuer, PendingLogins logins, string baseUrl)
    {
        if (field("device_code") is not { } deviceCode || field("client_id") is not { } clientId)
        {
            return Error("invalid_request", "device_code and client_id are required");
        }

        var grant = logins.FindDevice(deviceCode);
        if (grant is null || grant.ClientId != clientId)
        {
            return Error("invalid_grant", "the device code is unknown or was issued to another client");
        }

        var now = logins.Now;
        if (grant.Expires <= now)
        {
            return Error("expired_token", "the device code has expired; start the login again");
        }

        string? email;
        lock (grant)
        {
            // RFC 8628 §3.5 slow_down: polled well inside the interval (half of it, to forgive network jitter).
            var tooSoon = grant.LastPoll is { } last && now - last < TimeSpan.FromSeconds(PendingLogins.PollIntervalSeconds / 2.0);
            grant.LastPoll = now;
            if (tooSoon)
            {
                return Error("slow_down", "polling faster than the interval");
            }

            email = grant.Email;
        }

        if (email is null)
        {
            return Error("authorization_pending", "the user has not approved the login yet");
        }

        logins.RemoveDevice(deviceCode);
        return Token(issuer.MintEmailToken(baseUrl, email, clientId));
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';

    /// <summary>RFC 6749 §5.1 successful response (OpenID Connect Core §3.1.3.3 adds <c>id_token</c>).</summary>
    public static IResult Token(string jwt) => NoStore(Results.Json(
        new TokenResponse(jwt, jwt, "Bearer", (int)DevelopmentIssuer.Lifetime.TotalSeconds), OidcJsonContext.Default.TokenResponse));

    /// <summary>RFC 6749 §5.2 error response: 400 with <c>error</c> and <c>error_description</c>.</summary>
    public static IResult Error(string error, string description) => NoStore(Results.Json(
        new TokenError(error, description), OidcJsonContext.Default.TokenError, statusCode: StatusCodes.Status400BadRequest));

    /// <summary>RFC 6749 §5.1: token responses carry <c>Cache-Control: no-store</c>.</summary>
    public static IResult NoStore(IResult inner) => new NoStoreResult(inner);

    private sealed class NoStoreResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = new StringValues("no-store");
            return inner.ExecuteAsync(httpContext);
        }
    }
}
