using Signet.Client.Identity;
using Signet.Core.Bundles;

namespace Signet.Client.Signing;

/// <summary>
/// One signing's settings: the services (a signing config) and the trust the new bundle is checked against, and the
/// identity — a key file, or keyless with a token or an interactive login.
/// </summary>
/// <param name="SigningConfig">The services to sign with.</param>
/// <param name="TrustedRoot">The trust the new bundle must verify under before it is handed out.</param>
public sealed record SigningRequest(SigningConfig SigningConfig, TrustedRoot TrustedRoot)
{
    /// <summary>An identity token, or a file holding one; null = the environment, then an interactive login.</summary>
    public string? IdentityToken { get; init; }

    /// <summary>Sign with this encrypted private key instead of keylessly.</summary>
    public string? KeyPath { get; init; }

    /// <summary>File holding the key's password (else <c>SIGNET_PASSWORD</c>, <c>COSIGN_PASSWORD</c>, the console).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Issuer of the interactive login; null = the signing config's OIDC URL, when a person is there.</summary>
    public string? OidcIssuer { get; init; }

    /// <summary>OAuth client ID of the interactive login.</summary>
    public string OidcClientId { get; init; } = InteractiveLoginOptions.SigstoreClientId;

    /// <summary>Log in with the device flow (RFC 8628) instead of a browser redirect.</summary>
    public bool OidcDeviceFlow { get; init; }

    /// <summary>
    /// Picks the services out of <see cref="SigningConfig"/> at a time; null = <see cref="SigningServices.Select"/>.
    /// A caller with its own constraint (cosign's legacy image layout needs a Rekor v1 log) gives its own.
    /// </summary>
    public Func<SigningConfig, DateTimeOffset, SigningServices>? SelectServices { get; init; }

    /// <summary>
    /// The session signs DSSE envelopes (attestations). An Ed25519 key signs an envelope with pure Ed25519, which a
    /// Rekor v2 entry (a digest) cannot carry, so with such a key the session logs to a Rekor v1 log
    /// (<see cref="SigningServices.SelectWithRekorV1Log(SigningConfig, DateTimeOffset, string)"/>), whatever
    /// <see cref="SelectServices"/> says.
    /// </summary>
    public bool SignsEnvelopes { get; init; }
}
