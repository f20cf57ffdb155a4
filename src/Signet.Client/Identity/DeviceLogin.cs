using System.Globalization;
using System.Text.Json;
using Signet.Core.OAuth;

namespace Signet.Client.Identity;

/// <summary>
/// The device authorization grant (RFC 8628): ask for a device code, show the person the user code and where to
/// enter it, then poll the token endpoint at the issuer's interval until approved, refused or expired.
/// </summary>
internal static class DeviceLogin
{
    /// <summary>RFC 8628 §3.2: the interval when the issuer names none.</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>RFC 8628 §3.5: a <c>slow_down</c> adds five seconds to this and every later poll.</summary>
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    public static async Task<string> LoginAsync(
        HttpClient http, OidcProviderMetadata metadata, InteractiveLoginOptions options, ILoginPrompt prompt, CancellationToken cancellationToken)
    {
        var endpoint = metadata.DeviceAuthorizationEndpoint
            ?? throw new IdentityTokenException($"OIDC issuer {metadata.Issuer} has no device authorization endpoint; log in with the browser instead");

        // RFC 8628 §3.1 request, §3.2 response.
        string deviceCode;
        DeviceAuthorization authorization;
        TimeSpan interval;
        using (var started = await OAuthTokenEndpoint.PostAsync(http, endpoint, new Dictionary<string, string>
        {
            ["client_id"] = options.ClientId,
            ["scope"] = "openid email",
        }, cancellationToken).ConfigureAwait(false))
        {
            var o = started.RootElement;
            deviceCode = OAuthTokenEndpoint.String(o, "device_code") ?? throw Malformed("device_code");
            var userCode = OAuthTokenEndpoint.String(o, "user_code") ?? throw Malformed("user_code");
            var verification = Url(OAuthTokenEndpoint.String(o, "verification_uri") ?? throw Malformed("verification_uri"), "verification_uri");
            var complete = OAuthTokenEndpoint.String(o, "verification_uri_complete") is { } vc ? Url(vc, "verification_uri_complete") : null;
            var expiresIn = Seconds(o, "expires_in") ?? throw Malformed("expires_in");
            interval = Seconds(o, "interval") ?? DefaultInterval;
            authorization = new DeviceAuthorization(userCode, verification, complete, expiresIn);
        }

        await prompt.ShowDeviceCodeAsync(authorization, cancellationToken).ConfigureAwait(false);
        var deadline = options.Time.GetUtcNow() + authorization.ExpiresIn;
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = OAuthGrantTypes.DeviceCode,
            ["device_code"] = deviceCode,
            ["client_id"] = options.ClientId,
        };
        while (true)
        {
            // RFC 8628 §3.4–§3.5: poll no faster than the interval.
            await Task.Delay(interval, options.Time, cancellationToken).ConfigureAwait(false);
            try
            {
                using var tokens = await OAuthTokenEndpoint.PostAsync(http, metadata.TokenEndpoint, form, cancellationToken).ConfigureAwait(false);
                return OAuthTokenEndpoint.IdToken(tokens);
            }
            catch (IdentityTokenException e) when (e.OAuthError is "authorization_pending" or "slow_down")
            {
                if (e.OAuthError == "slow_down")
                {
                    interval += SlowDownStep;
                }
            }
            catch (IdentityTokenException e) when (e.OAuthError == "expired_token")
            {
                throw new IdentityTokenException("the device code expired before the login was approved; run the command again", e) { OAuthError = e.OAuthError };
            }
            catch (IdentityTokenException e) when (e.OAuthError == "access_denied")
            {
                throw new IdentityTokenException("the device login was denied", e) { OAuthError = e.OAuthError };
            }

            if (options.Time.GetUtcNow() >= deadline)
            {
                throw new IdentityTokenException("the device code expired before the login was approved; run the command again") { OAuthError = "expired_token" };
            }
        }
    }

    private static IdentityTokenException Malformed(string field) =>
        new($"the OIDC issuer's device authorization response has no valid '{field}' (RFC 8628 §3.2)");

    private static Uri Url(string value, string field) =>
        Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? u
            : throw Malformed(field);

    private static TimeSpan? Seconds(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var s) && s is > 0 and <= 86_400
            ? TimeSpan.FromSeconds(s)
            : throw new IdentityTokenException(string.Create(CultureInfo.InvariantCulture, $"the OIDC issuer's device authorization response has an invalid '{name}'"));
    }
}
