using System.CommandLine;
using Signet.Core.Bundles.Legacy;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet verify</c>'s options for cosign's detached and legacy forms: <c>--signature</c> (a <c>.sig</c>),
/// <c>--certificate</c> and <c>--certificate-chain</c> (PEM, base64 PEM or DER), <c>--rekor-url</c> (where the log entry
/// is looked up when no bundle carries it) and <c>--insecure-ignore-tlog</c>.
/// </summary>
internal sealed class LegacyVerifyOptions
{
    public Option<string?> Signature { get; } = new("--signature") { Description = "A detached signature (base64, as cosign sign-blob --output-signature writes it)" };

    public Option<string?> Certificate { get; } = new("--certificate") { Description = "The signing certificate of a detached signature (PEM, base64 PEM or DER)" };

    public Option<string?> CertificateChain { get; } = new("--certificate-chain") { Description = "Intermediate certificates for --certificate (PEM; a root in it is left out: roots come from the trusted root)" };

    public Option<string?> RekorUrl { get; } = new("--rekor-url") { Description = "The Rekor v1 log searched for a detached signature's entry (default: the signing config's Rekor v1 log)" };

    public Option<bool> InsecureIgnoreTlog { get; } = new("--insecure-ignore-tlog") { Description = "UNSAFE: do not require a transparency log entry (a key signature then has no verified time; a certificate still needs one)" };

    public void AddTo(Command command) => command.AddOptions(Signature, Certificate, CertificateChain, RekorUrl, InsecureIgnoreTlog);

    /// <summary>Whether any detached-signature option was given.</summary>
    public bool AnyGiven(ParseResult p) => p.GetValue(Signature) is not null || p.GetValue(Certificate) is not null || p.GetValue(CertificateChain) is not null;

    /// <summary>The signature file's signature, or null.</summary>
    public byte[]? ReadSignature(ParseResult p) => p.GetValue(Signature) is { } path
        ? DetachedSignature.DecodeSignatureFile(CliFiles.Read(path, "signature", DetachedSignature.MaxFileSize))
        : null;

    /// <summary>The certificate and its intermediates (roots left out), or null without <c>--certificate</c>.</summary>
    public IReadOnlyList<byte[]>? ReadChain(ParseResult p, string? fromBundlePem)
    {
        var certificatePath = p.GetValue(Certificate);
        if (certificatePath is not null && fromBundlePem is not null)
        {
            throw new UsageException("the bundle carries its certificate; --certificate is for a signature without one");
        }

        IReadOnlyList<byte[]>? leaf = certificatePath is not null
            ? DetachedSignature.DecodeCertificates(CliFiles.Read(certificatePath, "certificate", DetachedSignature.MaxFileSize), "certificate")
            : fromBundlePem is not null ? DetachedSignature.DecodeCertificates(System.Text.Encoding.UTF8.GetBytes(fromBundlePem), "bundle certificate") : null;
        if (leaf is null)
        {
            return p.GetValue(CertificateChain) is null ? null : throw new UsageException("--certificate-chain goes with --certificate");
        }

        var chain = new List<byte[]> { leaf[0] };
        if (p.GetValue(CertificateChain) is { } chainPath)
        {
            chain.AddRange(DetachedSignature.DecodeCertificates(CliFiles.Read(chainPath, "certificate chain", DetachedSignature.MaxFileSize), "certificate chain"));
        }

        chain.AddRange(leaf.Skip(1));
        return [chain[0], .. DetachedSignature.WithoutRoots(chain.Skip(1))];
    }

    /// <summary>Whether the log is to be ignored; says once on <paramref name="warnings"/> why that is unsafe.</summary>
    public bool IgnoreTlog(ParseResult p, TextWriter warnings)
    {
        if (!p.GetValue(InsecureIgnoreTlog))
        {
            return false;
        }

        warnings.WriteLine("signet: warning: --insecure-ignore-tlog is unsafe: the transparency log is not checked, so nothing shows the signature was made while its certificate or key was trusted");
        return true;
    }
}
