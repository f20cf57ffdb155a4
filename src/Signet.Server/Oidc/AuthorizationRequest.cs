using System.Net;
using Microsoft.Extensions.Primitives;

namespace Signet.Server.Oidc;

/// <summary>
/// An authorization request to the development issuer (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1),
/// checked in two stages as RFC 6749 §4.1.2.1 requires: a bad <c>client_id</c> or <c>redirect_uri</c> is answered
/// directly (never redirected to); any other fault is redirected back to the client as an <c>error</c>.
/// </summary>
internal sealed record AuthorizationRequest(
    string ClientId, string RedirectUri, string? State, string? Nonce, string CodeChallenge)
{
    /// <summary>Parses the request; throws <see cref="HttpProblemException"/> (not redirected) or
    /// <see cref="AuthorizationRedirectError"/> (redirected with <c>error</c>).</summary>
    public static AuthorizationRequest Parse(Func<string, StringValues> field)
    {
        string? One(string name)
        {
            var v = field(name);
            return v.Count switch
            {
                0 => null,
                1 => v[0],
                _ => throw HttpProblemException.BadRequest($"the parameter '{name}' is repeated"), // RFC 6749 §3.1
            };
        }

        var clientId = One("client_id");
        if (string.IsNullOrEmpty(clientId) || clientId.Length > 256)
        {
            throw HttpProblemException.BadRequest("client_id is missing");
        }

        var redirectUri = One("redirect_uri") ?? throw HttpProblemException.BadRequest("redirect_uri is missing");
        CheckLoopbackRedirect(redirectUri);
        var state = One("state");
        if (One("response_type") != "code")
        {
            throw new AuthorizationRedirectError(redirectUri, state, "unsupported_response_type", "only response_type=code is supported");
        }

        if (!(One("scope") ?? "").Split(' ').Contains("openid", StringComparer.Ordinal))
        {
            throw new AuthorizationRedirectError(redirectUri, state, "invalid_scope", "the scope must include openid");
        }

        // RFC 7636 §4.4.1: this issuer requires PKCE, and only the S256 method (§4.2: plain is for clients that cannot hash).
        var challenge = One("code_challenge");
        if (challenge is null || One("code_challenge_method") != "S256")
        {
            throw new AuthorizationRedirectError(redirectUri, state, "invalid_request", "PKCE with code_challenge_method=S256 is required");
        }

        // RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters of the unreserved set.
        if (challenge.Length != 43 || !challenge.All(IsBase64UrlChar))
        {
            throw new AuthorizationRedirectError(redirectUri, state, "invalid_request", "code_challenge is not a base64url SHA-256 value");
        }

        return new AuthorizationRequest(clientId, redirectUri, state, One("nonce"), challenge);
    }

    /// <summary>RFC 8252 §7.3 and §8.3: a native app's redirect is <c>http</c> on a loopback IP literal, any port.</summary>
    private static void CheckLoopbackRedirect(string redirectUri)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) || !IPAddress.IsLoopback(ip)
            || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw HttpProblemException.BadRequest(
                $"redirect_uri '{redirectUri}' is not a loopback redirect (http://127.0.0.1:PORT/… or http://[::1]:PORT/…, RFC 8252 §7.3)");
        }
    }

    private static bool IsBase64UrlChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}

/// <summary>An authorization error sent back to the client's redirect URI (RFC 6749 §4.1.2.1).</summary>
internal sealed class AuthorizationRedirectError(string redirectUri, string? state, string error, string description) : Exception(description)
{
    public string Location => AuthorizationResponse.Location(redirectUri, state, ("error", error), ("error_description", Message));
}

/// <summary>Builds the redirect back to the client (RFC 6749 §4.1.2): its query plus our parameters and <c>state</c>.</summary>
internal static class AuthorizationResponse
{
    public static string Location(string redirectUri, string? state, params (string Name, string Value)[] parameters)
    {
        var query = parameters.ToList();
        if (state is not null)
        {
            query.Add(("state", state));
        }

        var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return redirectUri + separator + string.Join("&", query.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
    }
}
