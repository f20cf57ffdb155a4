using System.Security.Cryptography;
using System.Text;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.OAuth;

namespace Signet.Client.Identity;

/// <summary>
/// The authorization code flow of a native app (RFC 8252): PKCE (RFC 7636), a loopback redirect (§7.3), the
/// browser as the user-agent (§4.1), <c>state</c> against cross-site request forgery (RFC 6749 §10.12) and
/// <c>nonce</c> against token replay (OpenID Connect Core §3.1.2.1, §3.1.3.7 step 11).
/// </summary>
internal static class AuthorizationCodeLogin
{
    public static async Task<string> LoginAsync(
        HttpClient http, OidcProviderMetadata metadata, InteractiveLoginOptions options, ILoginPrompt prompt, CancellationToken cancellationToken)
    {
        var endpoint = metadata.AuthorizationEndpoint
            ?? throw new IdentityTokenException($"OIDC issuer {metadata.Issuer} has no authorization endpoint; try the device flow (--oidc-device-flow)");
        using var listener = LoopbackRedirectListener.Start();
        var pkce = Pkce.Create();
        var state = Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
        var nonce = Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
        var redirectUri = listener.RedirectUri.ToString();

        // RFC 6749 §4.1.1 + RFC 7636 §4.3 + OpenID Connect Core §3.1.2.1.
        var query = new (string Name, string Value)[]
        {
            ("response_type", "code"),
            ("client_id", options.ClientId),
            ("redirect_uri", redirectUri),
            ("scope", "openid email"),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", pkce.Challenge),
            ("code_challenge_method", Pkce.Method),
        };
        var separator = endpoint.Query.Length > 0 ? "&" : "?";
        var url = new Uri(endpoint + separator + string.Join("&", query.Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value))));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.BrowserTimeout);
        IReadOnlyDictionary<string, string> callback;
        try
        {
            // Listen first: the browser may come back before the prompt returns.
            var waiting = listener.WaitForCallbackAsync(CallbackPage, timeout.Token);
            await prompt.OpenAuthorizationUrlAsync(url, timeout.Token).ConfigureAwait(false);
            callback = await waiting.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IdentityTokenException($"the browser login did not complete within {options.BrowserTimeout.TotalMinutes:0} minutes");
        }

        // RFC 6749 §4.1.2: the redirect carries the request's state unchanged; anything else is not our login.
        if (!callback.TryGetValue("state", out var returnedState)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(returnedState), Encoding.UTF8.GetBytes(state)))
        {
            throw new IdentityTokenException("the login redirect's state does not match the request (a forged or stale redirect); log in again");
        }

        // RFC 6749 §4.1.2.1: the issuer refused.
        if (callback.TryGetValue("error", out var error))
        {
            var description = callback.TryGetValue("error_description", out var d) ? $" ({d})" : "";
            throw new IdentityTokenException($"the OIDC issuer refused the login: {error}{description}") { OAuthError = error };
        }

        var code = callback.TryGetValue("code", out var c) && c.Length > 0
            ? c
            : throw new IdentityTokenException("the login redirect carries no authorization code");

        // RFC 6749 §4.1.3 with RFC 7636 §4.5: the code is exchanged with the verifier.
        using var tokens = await OAuthTokenEndpoint.PostAsync(http, metadata.TokenEndpoint, new Dictionary<string, string>
        {
            ["grant_type"] = OAuthGrantTypes.AuthorizationCode,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = options.ClientId,
            ["code_verifier"] = pkce.Verifier,
        }, cancellationToken).ConfigureAwait(false);
        var jwt = OAuthTokenEndpoint.IdToken(tokens);

        // OpenID Connect Core §3.1.3.7 step 11: the ID token's nonce is the one this request sent.
        IdentityToken token;
        try
        {
            token = IdentityToken.Parse(jwt);
        }
        catch (SignetFormatException e)
        {
            throw new IdentityTokenException($"the OIDC issuer returned an unusable ID token: {e.Message}", e);
        }

        if (token.Nonce is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token.Nonce), Encoding.UTF8.GetBytes(nonce)))
        {
            throw new IdentityTokenException("the ID token's nonce does not match the login request (a replayed token); log in again");
        }

        return jwt;
    }

    private static string CallbackPage(IReadOnlyDictionary<string, string> query) => query.ContainsKey("error")
        ? "The login was refused. You can close this window and return to the terminal."
        : "Signed in. You can close this window and return to the terminal.";
}
