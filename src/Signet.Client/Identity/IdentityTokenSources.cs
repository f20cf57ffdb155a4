using System.Net.Http.Headers;
using System.Text.Json;
using Signet.Client.Services;
using Signet.Core;

namespace Signet.Client.Identity;

/// <summary>
/// Where a signer's identity token comes from, in order: an explicit token (<c>--identity-token</c>),
/// <c>SIGSTORE_ID_TOKEN</c>, then GitHub Actions' ambient credentials (<c>ACTIONS_ID_TOKEN_REQUEST_URL</c> +
/// <c>ACTIONS_ID_TOKEN_REQUEST_TOKEN</c>, audience <c>sigstore</c>), and last an interactive login
/// (<see cref="InteractiveLogin"/>) when the caller offers one. Without any, the signer stops with a line saying how
/// to pass a token.
/// </summary>
public static class IdentityTokenSources
{
    /// <summary>The environment variable that may hold an identity token (as cosign reads it).</summary>
    public const string EnvironmentVariable = "SIGSTORE_ID_TOKEN";

    // A file holding a token (--identity-token PATH): a JWT of a few KB.
    private const int MaxTokenFileBytes = 1 << 20;

    /// <summary>
    /// GitHub Actions' variable with the URL that issues OIDC tokens to a job with <c>id-token: write</c>.
    /// </summary>
    public const string GitHubRequestUrl = "ACTIONS_ID_TOKEN_REQUEST_URL";

    /// <summary>GitHub Actions' variable with the bearer token for <see cref="GitHubRequestUrl"/>.</summary>
    public const string GitHubRequestToken = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    /// <summary>Finds a token; <paramref name="environment"/> reads variables (tests pass their own).</summary>
    /// <exception cref="IdentityTokenException">No source had a token.</exception>
    public static Task<string> ResolveAsync(
        string? explicitToken, Func<string, string?> environment, HttpClient http, string audience, CancellationToken cancellationToken) =>
        ResolveAsync(explicitToken, environment, http, audience, interactive: null, cancellationToken);

    /// <summary>Finds a token, falling back to <paramref name="interactive"/> (a login) when no other source has one.</summary>
    /// <exception cref="IdentityTokenException">No source had a token, or the login failed.</exception>
    public static async Task<string> ResolveAsync(
        string? explicitToken, Func<string, string?> environment, HttpClient http, string audience,
        Func<CancellationToken, Task<string>>? interactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(explicitToken))
        {
            // A path to a file holding the token is accepted too (as cosign's --identity-token does).
            return File.Exists(explicitToken)
                ? System.Text.Encoding.UTF8.GetString(LocalFile.Read(explicitToken, "identity token", MaxTokenFileBytes)).Trim()
                : explicitToken.Trim();
        }

        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnv)
        {
            return fromEnv.Trim();
        }

        if (environment(GitHubRequestUrl) is { Length: > 0 } url && environment(GitHubRequestToken) is { Length: > 0 } bearer)
        {
            return await GitHubActionsAsync(http, url, bearer, audience, cancellationToken).ConfigureAwait(false);
        }

        if (interactive is not null)
        {
            return await interactive(cancellationToken).ConfigureAwait(false);
        }

        throw new IdentityTokenException(
            $"no identity token: pass --identity-token, set {EnvironmentVariable}, run in GitHub Actions with id-token: write, or log in with --oidc-issuer URL");
    }

    /// <summary>GitHub Actions' OIDC token endpoint: <c>GET $URL&amp;audience=…</c> with the request bearer token → <c>{"value": JWT}</c>.</summary>
    private static async Task<string> GitHubActionsAsync(HttpClient http, string requestUrl, string bearer, string audience, CancellationToken cancellationToken)
    {
        var separator = requestUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        if (!Uri.TryCreate(requestUrl + separator + "audience=" + Uri.EscapeDataString(audience), UriKind.Absolute, out var url))
        {
            throw new IdentityTokenException($"{GitHubRequestUrl} is not a URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        const string GitHubTokenEndpoint = "GitHub Actions' token endpoint";
        var response = await ServiceHttp.ExchangeAsync(http, request, GitHubTokenEndpoint, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new SigstoreServiceException($"{GitHubTokenEndpoint} refused the request ({(int)response.StatusCode})") { StatusCode = (int)response.StatusCode };
            }

            var body = await ServiceHttp.ReadBoundedAsync(http, response, GitHubTokenEndpoint, cancellationToken).ConfigureAwait(false);
            try
            {
                using var doc = ClientJson.ParseSecret(body, "GitHub Actions' token endpoint");
                return doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()!
                    : throw new IdentityTokenException("GitHub Actions' token endpoint answered without a 'value'");
            }
            catch (SignetFormatException e)
            {
                throw new IdentityTokenException($"GitHub Actions' token endpoint answered with something that is not strict JSON ({e.Message})", e);
            }
        }
    }
}
