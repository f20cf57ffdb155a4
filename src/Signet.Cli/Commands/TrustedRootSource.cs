using Signet.Core.Bundles;
using Signet.Core.Verification;

namespace Signet.Cli.Commands;

/// <summary>
/// Where verification's trust comes from: a <c>--trusted-root</c> file (bypassing TUF), else the TUF trust store
/// (<see cref="CachedTrust"/>). The conformance protocol's <c>verify-bundle</c> instead defaults to the Sigstore
/// public-good production trusted root embedded in the tool (from @sigstore/tuf 5.0.1 seeds.json; see Resources/README.md),
/// as sigstore-conformance expects of a client given no <c>--trusted-root</c>.
/// </summary>
internal static class TrustedRootSource
{
    private const string ProductionResource = "Signet.Cli.Resources.production_trusted_root.json";

    private static readonly Lazy<TrustedMaterial> Production = new(() => TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(ProductionBytes())));

    /// <summary>
    /// Trust in nothing but the key the caller names (a trusted root with no CA, log or TSA): for key-based
    /// verification that skips the transparency log, where no trust root is needed; any certificate, log entry or
    /// timestamp in a bundle then fails closed.
    /// </summary>
    public static TrustedMaterial KeyOnly { get; } = TrustedMaterial.FromTrustedRoot(
        TrustedRoot.Parse(System.Text.Encoding.UTF8.GetBytes($"{{\"mediaType\":\"{MediaTypes.TrustedRootV01}\"}}")));

    /// <summary>verify and verify-attestation: the file, else the cached TUF target.</summary>
    public static TrustedMaterial Load(string? path, TextWriter warnings) =>
        TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(path is null
            ? CachedTrust.TrustedRootJsonAsync(warnings).GetAwaiter().GetResult()
            : CliFiles.Read(path, "trusted root", TrustedRoot.MaxSize)));

    /// <summary>
    /// admission serve: the file (a mounted ConfigMap) read again every 10 s, else the TUF trust store every 10 minutes
    /// (offline while its metadata are fresh, refreshed from the mirror after a day), so a rotated key reaches the
    /// running webhook (<see cref="Admission.Verification.TrustWatcher"/>).
    /// </summary>
    public static Admission.Verification.TrustSource Watched(string? path, TextWriter warnings)
    {
        if (path is not null)
        {
            return new(path, _ => Task.FromResult(CliFiles.Read(path, "trusted root", TrustedRoot.MaxSize)), TimeSpan.FromSeconds(10));
        }

        return FromTrustStore(ct => CachedTrust.Open().TrustedRootAsync(ct), warnings);
    }

    /// <summary>
    /// The TUF trust store's trusted root as <paramref name="read"/> gives it, every 10 minutes. A mirror that cannot be
    /// reached (the cached root used while unexpired) is said once, not at every read for as long as it lasts, and again
    /// when it happens again after a refresh succeeded or for another reason.
    /// </summary>
    internal static Admission.Verification.TrustSource FromTrustStore(Func<CancellationToken, Task<Tuf.Client.CachedTarget>> read, TextWriter warnings)
    {
        string? said = null;
        return new("the TUF trust store", async ct =>
        {
            var target = await read(ct).ConfigureAwait(false);
            if (target.StaleWarning is { } warning && warning != Interlocked.Exchange(ref said, warning))
            {
                await warnings.WriteLineAsync($"signet: warning: {warning}").ConfigureAwait(false);
            }
            else if (target.StaleWarning is null)
            {
                Volatile.Write(ref said, null);
            }

            return target.Data;
        }, TimeSpan.FromMinutes(10));
    }

    /// <summary>verify-bundle (sigstore-conformance protocol): the file, else the embedded production root.</summary>
    public static TrustedMaterial LoadForConformance(string? path)
        => path is null ? Production.Value : TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(CliFiles.Read(path, "trusted root", TrustedRoot.MaxSize)));

    public static byte[] ProductionBytes()
    {
        using var s = typeof(TrustedRootSource).Assembly.GetManifestResourceStream(ProductionResource)
            ?? throw new InvalidOperationException("the embedded production trusted root is missing from the build");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
