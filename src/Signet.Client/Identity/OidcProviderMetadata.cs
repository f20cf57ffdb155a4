using System.Text.Json;
using Signet.Client.Services;
using Signet.Core;

namespace Signet.Client.Identity;

/// <summary>
/// The endpoints an OpenID provider publishes at <c>ISSUER/.well-known/openid-configuration</c> (OpenID Connect
/// Discovery 1.0 §4; <c>device_authorization_endpoint</c> from RFC 8628 §4).
/// </summary>
public sealed record OidcProviderMetadata(string Issuer, Uri TokenEndpoint, Uri? AuthorizationEndpoint, Uri? DeviceAuthorizationEndpoint)
{
    /// <summary>
    /// Fetches and parses <c>ISSUER/.well-known/openid-configuration</c>; its <c>issuer</c> must equal
    /// <paramref name="issuer"/> (OpenID Connect Discovery 1.0 §4.3).
    /// </summary>
    public static async Task<OidcProviderMetadata> FetchAsync(HttpClient http, string issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var trimmed = issuer.TrimEnd('/');
        if (!Uri.TryCreate(trimmed + "/.well-known/openid-configuration", UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new IdentityTokenException($"OIDC issuer '{issuer}' is not an http(s) URL");
        }

        var bytes = await ServiceHttp.GetJsonAsync(http, url, "the OIDC issuer", cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = ClientJson.Parse(bytes, $"OIDC issuer {issuer}: the discovery document");
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new IdentityTokenException($"OIDC issuer {issuer}: the discovery document is not a JSON object");
            }

            // OpenID Connect Discovery 1.0 §4.3: the issuer in the document MUST be the one it was fetched for.
            var declared = String(root, "issuer");
            if (declared is null || declared.TrimEnd('/') != trimmed)
            {
                throw new IdentityTokenException($"OIDC issuer {issuer}: its discovery document names another issuer ('{declared}')");
            }

            return new OidcProviderMetadata(
                declared,
                Endpoint(root, "token_endpoint", issuer) ?? throw new IdentityTokenException($"OIDC issuer {issuer} has no token_endpoint"),
                Endpoint(root, "authorization_endpoint", issuer),
                Endpoint(root, "device_authorization_endpoint", issuer));
        }
        catch (SignetFormatException e)
        {
            throw new IdentityTokenException(e.Message, e);
        }
    }

    private static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Uri? Endpoint(JsonElement o, string name, string issuer)
    {
        var value = String(o, name);
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? u
            : throw new IdentityTokenException($"OIDC issuer {issuer}: {name} '{value}' is not an http(s) URL");
    }
}
