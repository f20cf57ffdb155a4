using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Ca.Identity;
using Signet.Ca.Issuance;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using CaCertificateAuthority = Signet.Ca.Issuance.SigningCertificateIssuer;
using CertificateAuthority = Signet.Core.Bundles.CertificateAuthority;
using CertificateIdentity = Signet.Ca.Identity.Principal;

namespace Signet.Testing.Sigstore;

/// <summary>
/// A Fulcio-shaped CA in memory behind <see cref="ICertificateProvider"/>: checks the proof of possession over the
/// token's challenge, then issues through Signet's own CA (<see cref="CaCertificateAuthority"/>: the Fulcio leaf
/// profile, the precertificate, the SCT list extension) from a self-signed root, with its CT log
/// (<see cref="InMemoryCtLog"/>) signing the SCT. What it issues is what <c>signet serve</c>'s CA issues.
/// </summary>
public sealed class InMemoryCertificateAuthority : ICertificateProvider, IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TimeProvider _time;
    private readonly X509Certificate2 _root;
    private readonly IssuingKey _issuingKey;
    private readonly CaCertificateAuthority _authority;

    /// <summary>Creates the CA, its root (valid from an hour ago for a day) and its CT log.</summary>
    public InMemoryCertificateAuthority(TimeProvider time)
    {
        _time = time;
        var now = time.GetUtcNow();
        ValidFrom = now.AddHours(-1);
        var request = new CertificateRequest("CN=in-memory CA, O=Signet tests", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(ValidFrom, now.AddDays(1));
        _issuingKey = new IssuingKey(_root, _caKey);
        CtLog = new InMemoryCtLog(time, ValidFrom);
        _authority = new CaCertificateAuthority(_issuingKey, [], CtLog, time);
    }

    /// <summary>Where the trusted root's CA and CT log validity windows start.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>How many certificates were issued.</summary>
    public int Issued { get; private set; }

    /// <summary>The CA's CT log.</summary>
    public InMemoryCtLog CtLog { get; }

    /// <summary>The CA's self-signed root, which is also its issuing certificate.</summary>
    public X509Certificate2 Root => _root;

    /// <summary>
    /// The CA's root again — the same name, key and validity — with <paramref name="extensions"/> added (a name
    /// constraints extension, say), for verifier tests of what a trusted CA certificate may carry: what the CA issues
    /// chains to it as to <see cref="Root"/>.
    /// </summary>
    public X509Certificate2 RootWith(params X509Extension[] extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var request = new CertificateRequest(_root.SubjectName, _caKey, HashAlgorithmName.SHA256);
        foreach (var e in _root.Extensions.Concat(extensions))
        {
            request.CertificateExtensions.Add(e);
        }

        return request.CreateSelfSigned(_root.NotBefore.ToUniversalTime(), _root.NotAfter.ToUniversalTime());
    }

    /// <summary>The CA as a trusted root lists it.</summary>
    public CertificateAuthority TrustedRootEntry => new(
        new DistinguishedName("Signet tests", "in-memory CA"), "https://ca.in-memory.test", [_root.RawData], new TimeRange(ValidFrom, null), null);

    /// <summary>The CA's CT log as a trusted root lists it.</summary>
    public TransparencyLogInstance CtLogEntry => CtLog.TrustedRootEntry;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]>> CreateSigningCertificateAsync(
        IdentityToken token, VerificationKey publicKey, byte[] proofOfPossession, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(publicKey);

        // Fulcio: the proof is the key's signature over the token's challenge claim.
        if (!publicKey.Verify(Encoding.UTF8.GetBytes(token.Challenge), proofOfPossession))
        {
            throw new SigstoreServiceException("the certificate authority refused the request: the proof of possession does not verify");
        }

        // Fulcio oid-info.md: the e-mail SAN and 1.3.6.1.4.1.57264.1.8, the issuer as a DER UTF8String.
        var identity = new CertificateIdentity(
            SanKind.Email, token.Email ?? token.Subject, token.Issuer, [new IdentityExtension(Signet.Core.Certificates.FulcioOids.Issuer, token.Issuer, true)], token.Challenge);
        return await IssueAsync(identity, publicKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A leaf for <paramref name="principal"/> exactly as given, through the CA's own issuance (precertificate, SCT,
    /// Fulcio extensions) but without the identity token and its claim checks: for verifier tests of identities no
    /// token may carry (a SAN with a control character). Returns the leaf and the chain (DER).
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> IssueAsync(CertificateIdentity principal, VerificationKey publicKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var issued = await _authority.IssueAsync(principal, publicKey.SpkiDer, cancellationToken).ConfigureAwait(false);
        Issued++;
        return [issued.Certificate, .. issued.Chain];
    }

    /// <summary>
    /// A certificate outside Fulcio's profile, signed by this CA's key — for tests of what a verifier must refuse
    /// (a CA leaf, no codeSigning, an expired leaf). <paramref name="extensions"/> are the leaf's only extensions.
    /// </summary>
    public byte[] IssueOutOfProfile(VerificationKey publicKey, IEnumerable<X509Extension> extensions, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(extensions);
        var request = new CertificateRequest(
            new X500DistinguishedName(""), PublicKey.CreateFromSubjectPublicKeyInfo(publicKey.SpkiDer, out _), HashAlgorithmName.SHA256);
        foreach (var e in extensions)
        {
            request.CertificateExtensions.Add(e);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var leaf = request.Create(_root.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), notBefore, notAfter, serial);
        return leaf.RawData;
    }

    /// <summary>Disposes the keys and the root.</summary>
    public void Dispose()
    {
        _issuingKey.Dispose(); // the root and the CA key with it
        CtLog.Dispose();
    }
}
