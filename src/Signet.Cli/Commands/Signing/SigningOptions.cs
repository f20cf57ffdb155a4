using System.CommandLine;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// The options every signing command takes (<c>sign</c>, <c>attest</c>, <c>sign-bundle</c>, <c>image sign|attest</c>),
/// read into a <see cref="SigningRequest"/> for the library's <see cref="SigningWorkflow"/>.
/// </summary>
internal sealed class SigningOptions
{

    public Option<string?> IdentityToken { get; } = new("--identity-token") { Description = "OIDC identity token (or a file holding one); default SIGSTORE_ID_TOKEN, GitHub Actions' ambient token, then an interactive login" };

    public Option<string?> OidcIssuer { get; } = new("--oidc-issuer") { Description = "OIDC issuer to log in at when no token is given (default: the signing config's OIDC URL)" };

    public Option<string> OidcClientId { get; } = new("--oidc-client-id") { Description = "OAuth client ID of the interactive login", DefaultValueFactory = _ => InteractiveLoginOptions.SigstoreClientId };

    public Option<bool> OidcDeviceFlow { get; } = new("--oidc-device-flow") { Description = "Log in with the device flow (a code to enter on another device) instead of a browser redirect" };

    public Option<string?> Key { get; } = new("--key") { Description = "Sign with this key instead of keyless: an encrypted private key file (signet generate-key-pair, or a cosign key) or a key in a PKCS#11 token (pkcs11:token=T;object=O?module-path=LIB&pin-value=PIN); password from --password-file, SIGNET_PASSWORD, COSIGN_PASSWORD or stdin" };

    public Option<string?> PasswordFile { get; } = new("--password-file") { Description = "File holding the --key password" };

    public Option<string?> SigningConfig { get; } = new("--signing-config") { Description = "Signing config (services to use), bypassing TUF, e.g. DATA_DIR/signing_config.v0.2.json of signet serve (default: signing_config.v0.2.json of the TUF trust store, see signet trust)" };

    public Option<string?> TrustedRoot { get; } = new("--trusted-root") { Description = "Trusted root to verify each new signature with before it is written or pushed (default: trusted_root.json next to --signing-config, else that of the TUF trust store)" };

    public void AddTo(Command command) =>
        command.AddOptions(IdentityToken, OidcIssuer, OidcClientId, OidcDeviceFlow, Key, PasswordFile, SigningConfig, TrustedRoot);

    /// <summary>An HTTP client for the services and token endpoints of one command.</summary>
    public static HttpClient Http() => Client.Services.ServiceHttpClient.Create(Client.Services.ServiceHttpClient.SigningTimeout);

    /// <summary>A workflow for one command at the terminal.</summary>
    public static SigningWorkflow Workflow(HttpClient http, TimeProvider time) =>
        new(http, time, SignerConsole.Terminal()) { OpenKeyReference = KeyReference.OpenInModule };

    /// <summary>The signing config and trusted root the options name (<see cref="SigningCli.LoadTrustAsync"/>).</summary>
    public Task<(SigningConfig Config, TrustedRoot TrustedRoot)> LoadTrustAsync(ParseResult parse, CancellationToken ct) =>
        SigningCli.LoadTrustAsync(parse.GetValue(SigningConfig), parse.GetValue(TrustedRoot), Console.Error, ct);

    public SigningRequest Read(ParseResult parse, SigningConfig config, TrustedRoot trustedRoot) => new(config, trustedRoot)
    {
        IdentityToken = parse.GetValue(IdentityToken),
        KeyPath = parse.GetValue(Key),
        PasswordFile = parse.GetValue(PasswordFile),
        OidcIssuer = parse.GetValue(OidcIssuer),
        OidcClientId = parse.GetValue(OidcClientId) ?? InteractiveLoginOptions.SigstoreClientId,
        OidcDeviceFlow = parse.GetValue(OidcDeviceFlow),
    };

    /// <summary>Signs <paramref name="payload"/> as the options say and writes the verified bundle to <paramref name="bundlePath"/>.</summary>
    public Task<SignedBundle> SignToFileAsync(ParseResult parse, SigningPayload payload, string bundlePath, TimeProvider time, CancellationToken ct) =>
        SignToFileAsync(parse, _ => payload, bundlePath, time, ct, signsEnvelopes: payload.IsDsse);

    /// <summary>Signs what <paramref name="payload"/> makes once the session has started (an artifact is read as its
    /// key needs, <see cref="ArtifactInput.Payload"/>) and writes the verified bundle to <paramref name="bundlePath"/>.</summary>
    public async Task<SignedBundle> SignToFileAsync(ParseResult parse, Func<SigningSession, SigningPayload> payload, string bundlePath, TimeProvider time, CancellationToken ct, bool signsEnvelopes = false)
    {
        var (config, trustedRoot) = await LoadTrustAsync(parse, ct).ConfigureAwait(false);
        using var http = Http();
        using var session = await Workflow(http, time).StartAsync(Read(parse, config, trustedRoot) with { SignsEnvelopes = signsEnvelopes }, ct).ConfigureAwait(false);
        return await session.SignToFileAsync(payload(session), bundlePath, ct).ConfigureAwait(false);
    }
}
