using System.CommandLine;
using Signet.Cli.Commands.Signing;
using Signet.Client.Keys;
using Signet.Client.Signing;
using Signet.Oci.Signatures;

namespace Signet.Cli.Commands;

/// <summary>
/// How <c>signet image sign|attest</c> sign, as cosign does: keyless by default (identity token, certificate from the
/// CA, log entry, timestamp — the flow of <c>signet sign</c>, through the same <see cref="SigningWorkflow"/>), or
/// <c>--key</c>, logged unless <c>--tlog-upload=false</c> (then nothing but the signature, which verifiers accept only
/// with <c>--insecure-ignore-tlog</c>).
/// </summary>
internal sealed class ImageSigningOptions
{
    private readonly SigningOptions _signing = new();

    public Option<bool> TlogUpload { get; } = new("--tlog-upload")
    {
        Description = "Record the signature in the transparency log (with --key only: false signs offline; verifiers then need --insecure-ignore-tlog)",
        DefaultValueFactory = _ => true,
    };

    public void AddTo(Command command)
    {
        _signing.AddTo(command);
        command.Add(TlogUpload);
    }

    /// <summary>
    /// The producer of signatures for <paramref name="storage"/>. Offline signing is announced on stderr; keyless
    /// signing without a log is refused (a certificate lives ten minutes; only the log or a timestamp proves when it signed).
    /// </summary>
    /// <param name="p">The parsed command line.</param>
    /// <param name="storage">The layout the signature is stored in.</param>
    /// <param name="signsEnvelopes">What is signed is a DSSE envelope: an attestation, or any signature in the bundle
    /// layout (cosign v3's <c>https://sigstore.dev/cosign/sign/v1</c> statement); an Ed25519 key's then goes to a Rekor v1 log.</param>
    /// <param name="time">The clock.</param>
    /// <param name="ct">Cancels the signing.</param>
    public async Task<ImageSigning> CreateAsync(ParseResult p, SignatureStorage storage, bool signsEnvelopes, TimeProvider time, CancellationToken ct)
    {
        var keyPath = p.GetValue(_signing.Key);
        var upload = p.GetValue(TlogUpload);
        if (keyPath is not null && p.GetValue(_signing.IdentityToken) is not null)
        {
            throw new UsageException("--identity-token is for keyless signing; it cannot be combined with --key");
        }

        if (keyPath is not null && !upload)
        {
            // The key file is opened exactly as signet sign --key opens it (one loader, one password order).
            var offline = PrivateKeyFile.Open(
                keyPath, () => KeyPassword.Read(p.GetValue(_signing.PasswordFile), Environment.GetEnvironmentVariable, SignerConsole.Terminal()));
            await Console.Error.WriteLineAsync("signet: WARNING: --tlog-upload=false: the signature is not recorded in a transparency log; it verifies only with --insecure-ignore-tlog")
                .ConfigureAwait(false);
            return new ImageSigning(ImageBundleProducers.OfflineWithKey(offline), offline, null);
        }

        if (!upload)
        {
            throw new UsageException("--tlog-upload=false needs --key: keyless signatures are always logged");
        }

        var (config, trustedRoot) = await _signing.LoadTrustAsync(p, ct).ConfigureAwait(false);
        var request = _signing.Read(p, config, trustedRoot) with
        {
            SelectServices = (c, now) => ImageBundleProducers.ServicesFor(c, storage, now),
            SignsEnvelopes = signsEnvelopes,
        };
        var http = SigningOptions.Http();
        try
        {
            var session = await SigningOptions.Workflow(http, time).StartAsync(request, ct).ConfigureAwait(false);
            return new ImageSigning(ImageBundleProducers.FromSession(session), session, http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }
}

/// <summary>A producer and what it holds (the key or session, the HTTP client), released when the command is done.</summary>
internal sealed class ImageSigning(BundleProducer producer, IDisposable? holder, HttpClient? http) : IDisposable
{
    public BundleProducer Producer { get; } = producer;

    public void Dispose()
    {
        holder?.Dispose();
        http?.Dispose();
    }
}
