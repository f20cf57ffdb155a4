using Signet.Core.Certificates;
using Signet.Core.Encoding;
using Signet.Core.Json;

namespace Signet.Core.Bundles.Legacy;

/// <summary>
/// A signature kept apart from its artifact in cosign's legacy forms — a <c>.sig</c> (base64 signature) with a
/// <c>.crt</c>/<c>.pem</c> certificate and optional chain, or a public key, and the log entries found for it (from an old
/// bundle, or looked up online). <see cref="ToBundle"/> makes the Sigstore bundle the one verifier checks.
/// </summary>
/// <param name="Signature">The signature over the artifact (a message signature).</param>
/// <param name="CertificateChain">The signing certificate first, then intermediates (DER); null for a key signature.</param>
/// <param name="Entries">The transparency log entries of this signature.</param>
public sealed record DetachedSignature(byte[] Signature, IReadOnlyList<byte[]>? CertificateChain, IReadOnlyList<TransparencyLogEntry> Entries)
{
    /// <summary>The largest signature or certificate file read (64 KiB: a signature is a few hundred bytes).</summary>
    public const int MaxFileSize = 64 * 1024;

    /// <summary>
    /// Decodes a <c>.sig</c> file: the base64 of the signature (<c>cosign sign-blob --output-signature</c>), surrounding
    /// whitespace allowed.
    /// </summary>
    /// <exception cref="SignetFormatException">The file is not base64, or empty.</exception>
    public static byte[] DecodeSignatureFile(ReadOnlySpan<byte> content)
    {
        if (content.Length > MaxFileSize)
        {
            throw new SignetFormatException($"signature: {content.Length} bytes, at most {MaxFileSize}");
        }

        var text = System.Text.Encoding.ASCII.GetString(content).Trim();
        var sig = ProtobufJson.DecodeBytes(text, "signature");
        return sig.Length > 0 ? sig : throw new SignetFormatException("signature: empty");
    }

    /// <summary>
    /// Decodes a certificate file: PEM (one or more CERTIFICATE blocks), the base64 of a PEM (older cosign
    /// <c>--output-certificate</c>), or one DER certificate.
    /// </summary>
    /// <exception cref="SignetFormatException">No certificate could be read.</exception>
    public static IReadOnlyList<byte[]> DecodeCertificates(ReadOnlySpan<byte> content, string what)
    {
        if (content.Length is 0 or > MaxFileSize)
        {
            throw new SignetFormatException($"{what}: {content.Length} bytes is not a certificate file (at most {MaxFileSize})");
        }

        if (content[0] == 0x30)
        {
            X509Parts.Parse(content.ToArray(), what);
            return [content.ToArray()];
        }

        var text = System.Text.Encoding.UTF8.GetString(content);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                text = System.Text.Encoding.UTF8.GetString(ProtobufJson.DecodeBytes(text.Trim(), what));
            }
            catch (SignetFormatException e)
            {
                throw new SignetFormatException($"{what}: neither PEM, base64 of PEM, nor DER", e);
            }
        }

        var certs = Pem.DecodeAll(text).Where(b => b.Label == PemLabels.Certificate).Select(b => b.Der).ToList();
        return certs.Count > 0 ? certs : throw new SignetFormatException($"{what}: no CERTIFICATE block");
    }

    /// <summary>
    /// The certificates of a chain file that may travel in a bundle: trust anchors come from the trusted root only and a
    /// bundle must not carry one, so self-signed certificates (cosign writes chains up to the root) are left out.
    /// </summary>
    public static IEnumerable<byte[]> WithoutRoots(IEnumerable<byte[]> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        foreach (var der in chain)
        {
            var parts = X509Parts.Parse(der, "certificate chain");
            if (parts.IsSelfIssued && CertificateDecoder.IsSelfSigned(CertificateDecoder.Load(der, "certificate chain"), parts))
            {
                continue;
            }

            yield return der;
        }
    }

    /// <summary>
    /// The Sigstore bundle this material amounts to: v0.2 when every entry carries an inclusion proof, else v0.1 (whose
    /// entries are trusted by their signed entry timestamp). The artifact digest, when given, is the message digest hint.
    /// </summary>
    public Bundle ToBundle(HashOutput? messageDigest = null)
    {
        var version = Entries.Count > 0 && Entries.All(e => e.InclusionProof is not null) ? MediaTypes.BundleV02 : MediaTypes.BundleV01;
        var material = CertificateChain is null
            ? new VerificationMaterial(new PublicKeyIdentifier(null), null, null, Entries, [])
            : new VerificationMaterial(null, CertificateChain, null, Entries, []);
        return new Bundle(version, material, new MessageSignature(messageDigest, Signature), null);
    }

    /// <summary>
    /// The v0.3 bundle: the leaf certificate alone (intermediates come from the trusted root), every entry with its
    /// inclusion proof.
    /// </summary>
    /// <exception cref="SignetFormatException">An entry has no inclusion proof (fetch it from the log first).</exception>
    public Bundle ToBundleV03(HashOutput? messageDigest = null)
    {
        if (Entries.Any(e => e.InclusionProof is null))
        {
            throw new SignetFormatException("a v0.3 bundle needs the inclusion proof of every log entry; this material has only a signed entry timestamp");
        }

        var material = CertificateChain is null
            ? new VerificationMaterial(new PublicKeyIdentifier(null), null, null, Entries, [])
            : new VerificationMaterial(null, null, CertificateChain[0], Entries, []);
        return new Bundle(MediaTypes.BundleV03, material, new MessageSignature(messageDigest, Signature), null);
    }

    /// <summary>This signature with other log entries (those found online).</summary>
    public DetachedSignature WithEntries(IReadOnlyList<TransparencyLogEntry> entries) => this with { Entries = entries };

    /// <summary>The certificate as PEM, as <c>--output-certificate</c> writes it.</summary>
    public string? CertificatePem => CertificateChain is null ? null : Pem.Encode(PemLabels.Certificate, CertificateChain[0]);

    /// <summary>The signature as a <c>.sig</c> file writes it: base64, one line.</summary>
    public byte[] SignatureFile => System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(Signature) + "\n");
}
