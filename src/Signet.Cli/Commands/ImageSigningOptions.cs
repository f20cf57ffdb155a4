using System.CommandLine;
using Signet.Cli.Commands.Signing;
using Signet.Client.Identity;
using Signet.Client.Oci.Signatures;
using Signet.Client.Signing;
using Signet.Core.Keys;

namespace Signet.Cli.Commands;

/// <summary>
/// How <c>signet image sign|attest</c> sign, as cosign does: keyless by default (identity token, certificate from the
/// CA, log entry, timestamp — the flow of <c>signet sign</c>), or <c>--key</c>, logged unless
/// <c>--tlog-upload=false</c> (then nothing but the signature, which verifiers accept only with
/// <c>--insecure-ignore-tlog</c>).
/// </summary>
internal sealed class ImageSigningOptions
{
    public Option<string?> Key { get; } = new("--key")
    {
        Description = "Sign with this encrypted private key (signet generate-key-pair, or a cosign key) instead of keyless; password from --password-file, SIGNET_PASSWORD, COSIGN_PASSWORD or stdin",
    };

    public Option<string?> PasswordFile { get; } = new("--password-file") { Description = "File holding the --key password" };

    public Option<string?> IdentityToken { get; } = new("--identity-token") { Description = "OIDC identity token (or a file holding one); default SIGSTORE_ID_TOKEN, GitHub Actions' ambient token, then an interactive login" };

    public Option<string?> OidcIssuer { get; } = new("--oidc-issuer") { Description = "OIDC issuer to log in at when no token is given (default: the signing config's OIDC URL)" };

    public Option<string> OidcClientId { get; } = new("--oidc-client-id") { Description = "OAuth client ID of the interactive login", DefaultValueFactory = _ => InteractiveLoginOptions.SigstoreClientId };

    public Option<bool> OidcDeviceFlow { get; } = new("--oidc-device-flow") { Description = "Log in with the device flow instead of a browser redirect" };

    public Option<string?> SigningConfig { get; } = new("--signing-config") { Description = "Signing config (services to use), e.g. DATA_DIR/signing_config.v0.2.json of signet serve" };

    public Option<string?> TrustedRoot { get; } = new("--trusted-root") { Description = "Trusted root to verify each new signature with before it is pushed (default: trusted_root.json next to the signing config)" };

    public Option<bool> TlogUpload { get; } = new("--tlog-upload")
    {
        Description = "Record the signature in the transparency log (with --key only: false signs offline; verifiers then need --insecure-ignore-tlog)",
        DefaultValueFactory = _ => true,
    };

    public void AddTo(Command command)
    {
        command.Add(Key);
        command.Add(PasswordFile);
        command.Add(IdentityToken);
        command.Add(OidcIssuer);
        command.Add(OidcClientId);
        command.Add(OidcDeviceFlow);
        command.Add(SigningConfig);
        command.Add(TrustedRoot);
        command.Add(TlogUpload);
    }

    /// <summary>
    /// The producer of signatures for <paramref name="storage"/>. Offline signing is announced on stderr; keyless
    /// signing without a log is refused (a certificate lives ten minutes; only the log or a timestamp proves when it signed).
    /// </summary>
    public async Task<ImageSigning> CreateAsync(ParseResult p, SignatureStorage storage, CancellationToken ct)
    {
        var keyPath = p.GetValue(Key);
        var upload = p.GetValue(TlogUpload);
        if (keyPath is not null && p.GetValue(IdentityToken) is not null)
        {
            throw new UsageException("--identity-token is for keyless signing; it cannot be combined with --key");
        }

        if (keyPath is not null && !upload)
        {
            var offline = OpenKey(p, keyPath);
            await Console.Error.WriteLineAsync("signet: WARNING: --tlog-upload=false: the signature is not recorded in a transparency log; it verifies only with --insecure-ignore-tlog")
                .ConfigureAwait(false);
            return new ImageSigning(ImageBundleProducers.OfflineWithKey(offline), offline, null);
        }

        if (!upload)
        {
            throw new UsageException("--tlog-upload=false needs --key: keyless signatures are always logged");
        }

        var configPath = p.GetValue(SigningConfig);
        var (config, trustedRoot) = await SigningCli.LoadTrustAsync(configPath, p.GetValue(TrustedRoot), Console.Error, ct).ConfigureAwait(false);
        var services = ImageBundleProducers.ServicesFor(config, storage, DateTimeOffset.UtcNow);
        var http = Client.Services.ServiceHttpClient.Create(Client.Services.ServiceHttpClient.SigningTimeout);
        try
        {
            var signer = new BundleSigner(http, services, TimeProvider.System);
            if (keyPath is not null)
            {
                var key = OpenKey(p, keyPath);
                return new ImageSigning(ImageBundleProducers.WithKey(signer, key, trustedRoot), key, http);
            }

            var login = SigningSession.Login(p.GetValue(OidcIssuer), p.GetValue(OidcClientId)!, p.GetValue(OidcDeviceFlow), config, http, DateTimeOffset.UtcNow);
            var jwt = await IdentityTokenSources.ResolveAsync(p.GetValue(IdentityToken), Environment.GetEnvironmentVariable, http, "sigstore", login, ct)
                .ConfigureAwait(false);
            return new ImageSigning(ImageBundleProducers.Keyless(signer, Client.Identity.IdentityToken.Parse(jwt), trustedRoot), null, http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>The <c>--key</c> file, opened exactly as <c>signet sign --key</c> opens it (one loader, one password order).</summary>
    private SigningKey OpenKey(ParseResult p, string keyPath) =>
        PrivateKeyFile.Open(keyPath, () => SigningCli.ReadPassword(p.GetValue(PasswordFile), Environment.GetEnvironmentVariable, Console.In));
}

/// <summary>A producer and what it holds (the key, the HTTP client), released when the command is done.</summary>
internal sealed class ImageSigning(BundleProducer producer, SigningKey? key, HttpClient? http) : IDisposable
{
    public BundleProducer Producer { get; } = producer;

    public void Dispose()
    {
        key?.Dispose();
        http?.Dispose();
    }
}
