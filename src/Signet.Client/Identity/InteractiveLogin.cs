namespace Signet.Client.Identity;

/// <summary>How to log in interactively: the issuer, the client ID (Sigstore's is <c>sigstore</c>) and the flow.</summary>
public sealed record InteractiveLoginOptions(string Issuer, string ClientId = InteractiveLoginOptions.SigstoreClientId)
{
    /// <summary>The OAuth client ID public Sigstore's OIDC issuer (oauth2.sigstore.dev) knows signers by.</summary>
    public const string SigstoreClientId = "sigstore";

    /// <summary>Use the device flow (RFC 8628) instead of the browser with a loopback redirect (RFC 8252).</summary>
    public bool DeviceFlow { get; init; }

    /// <summary>How long the browser login may take before the signer gives up.</summary>
    public TimeSpan BrowserTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock the device flow polls and expires by.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// The person at the keyboard: shown where to log in. The command line prints and opens a browser; a test plays
/// the person with an HTTP client.
/// </summary>
public interface ILoginPrompt
{
    /// <summary>Send the person's browser to <paramref name="authorizationUrl"/> (RFC 8252 §4.1, an external user-agent).</summary>
    Task OpenAuthorizationUrlAsync(Uri authorizationUrl, CancellationToken cancellationToken);

    /// <summary>Tell the person where to enter the user code (RFC 8628 §3.3).</summary>
    Task ShowDeviceCodeAsync(DeviceAuthorization authorization, CancellationToken cancellationToken);
}

/// <summary>What the device-authorization endpoint answered (RFC 8628 §3.2), as the person needs it.</summary>
public sealed record DeviceAuthorization(string UserCode, Uri VerificationUri, Uri? VerificationUriComplete, TimeSpan ExpiresIn);

/// <summary>Gets an identity token by logging in at an OpenID provider.</summary>
public static class InteractiveLogin
{
    /// <summary>
    /// Discovers the issuer's endpoints, runs the browser flow (authorization code with PKCE) or the device flow, and
    /// returns the identity token.
    /// </summary>
    public static async Task<string> LoginAsync(HttpClient http, InteractiveLoginOptions options, ILoginPrompt prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var metadata = await OidcProviderMetadata.FetchAsync(http, options.Issuer, cancellationToken).ConfigureAwait(false);
        return options.DeviceFlow
            ? await DeviceLogin.LoginAsync(http, metadata, options, prompt, cancellationToken).ConfigureAwait(false)
            : await AuthorizationCodeLogin.LoginAsync(http, metadata, options, prompt, cancellationToken).ConfigureAwait(false);
    }
}
