using System.Text.Json;
using Signet.Client.Services;
using Signet.Core;

namespace Signet.Client.Identity;

/// <summary>Form posts to an OAuth endpoint (RFC 6749 §3.2, §5.1–§5.2; RFC 8628 §3.1): a JSON object or a typed error.</summary>
internal static class OAuthTokenEndpoint
{
    private const int MaxResponseBytes = 256 * 1024;

    /// <summary>Posts <paramref name="form"/>; returns the JSON object of a 200 answer, throws <see cref="IdentityTokenException"/> with <see cref="IdentityTokenException.OAuthError"/> for an error object.</summary>
    public static async Task<JsonDocument> PostAsync(HttpClient http, Uri endpoint, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.Accept.ParseAdd(ServiceHttp.Json);
        var response = await ServiceHttp.ExchangeAsync(http, request, "the OIDC issuer", cancellationToken).ConfigureAwait(false);
        using (response)
        {
            var bytes = await ServiceHttp.ReadBoundedAsync(http, response, "the OIDC issuer", cancellationToken, MaxResponseBytes).ConfigureAwait(false);
            JsonDocument doc;
            try
            {
                doc = ClientJson.ParseSecret(bytes, $"the OIDC issuer's {endpoint.AbsolutePath}");
            }
            catch (SignetFormatException e)
            {
                throw new SigstoreServiceException($"the OIDC issuer's {endpoint.AbsolutePath} answered {(int)response.StatusCode} with something that is not strict JSON ({e.Message})", e);
            }

            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new SigstoreServiceException($"the OIDC issuer's {endpoint.AbsolutePath} answered with JSON that is not an object");
            }

            // RFC 6749 §5.2: errors are 400 (401 for client authentication) with an "error" code.
            if (!response.IsSuccessStatusCode || doc.RootElement.TryGetProperty("error", out _))
            {
                using (doc)
                {
                    var error = String(doc.RootElement, "error") ?? $"HTTP {(int)response.StatusCode}";
                    var description = String(doc.RootElement, "error_description");
                    throw new IdentityTokenException($"the OIDC issuer refused the login: {error}{(description is null ? "" : $" ({description})")}")
                    {
                        OAuthError = error,
                    };
                }
            }

            return doc;
        }
    }

    public static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The ID token of a successful token response (OpenID Connect Core §3.1.3.3).</summary>
    public static string IdToken(JsonDocument tokenResponse) =>
        String(tokenResponse.RootElement, "id_token")
        ?? throw new IdentityTokenException("the OIDC issuer's token response has no id_token (is the scope missing openid?)");
}
