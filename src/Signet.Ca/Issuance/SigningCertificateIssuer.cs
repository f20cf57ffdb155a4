using System.Security.Cryptography.X509Certificates;
using Signet.Ca.Ct;
using Signet.Ca.Identity;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Core.Ct;

namespace Signet.Ca.Issuance;

/// <summary>
/// Issues ten-minute leaf certificates with an embedded SCT (Fulcio docs/how-certificate-issuing-works.md
/// "Certificate Transparency"): the precertificate (poisoned, signed by the issuing CA) goes to the CT log, and the
/// returned SCT is embedded in the final certificate, whose TBS equals the precertificate's minus the poison.
/// </summary>
public sealed class SigningCertificateIssuer
{
    /// <summary>Fulcio <c>pkg/ca/common.go</c>: NotAfter = now + 10 minutes.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(10);

    private readonly IssuingKey _issuer;
    private readonly byte[][] _chain;
    private readonly ICtLogSubmitter _ct;
    private readonly TimeProvider _time;
    private readonly IssuingChainValidity _validity;

    /// <param name="issuer">The issuing certificate and its private key, which sign precertificates and certificates.</param>
    /// <param name="chainAboveIssuer">The certificates above the issuing one, up to and including the root (empty when the root issues).</param>
    /// <param name="ct">The CT log each precertificate is submitted to for the SCT to embed.</param>
    /// <param name="time">The clock that sets each certificate's validity.</param>
    public SigningCertificateIssuer(IssuingKey issuer, IEnumerable<X509Certificate2> chainAboveIssuer, ICtLogSubmitter ct, TimeProvider time)
    {
        _issuer = issuer;
        var above = chainAboveIssuer.ToList();
        _chain = [issuer.Certificate.RawData, .. above.Select(c => c.RawData)];
        _validity = new IssuingChainValidity("the CA's certificate chain", [issuer.Certificate, .. above]);
        _ct = ct;
        _time = time;
    }

    /// <summary>The chain from the issuing certificate to the root (DER), as trustBundle and responses carry it.</summary>
    public IReadOnlyList<byte[]> Chain => _chain;

    /// <exception cref="SignetUnavailableException">The chain is not valid from now until the leaf would expire.</exception>
    public async Task<IssuedCertificate> IssueAsync(Principal identity, byte[] subjectPublicKeyInfo, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var notAfter = now + Validity;
        // A leaf outside its chain's validity does not verify (certificate-specification.md: the lifetime must not
        // exceed the parent's); 503 until the clock or the chain is put right.
        _validity.Ensure(now, notAfter);

        var template = new LeafCertificateTemplate(_issuer, LeafCertificateTemplate.NewSerial(), now, notAfter, subjectPublicKeyInfo, identity);

        // RFC 6962 §3.1: the precertificate carries the critical poison extension and is signed by the issuing CA.
        var precert = _issuer.SignCertificate(template.WriteTbs(LeafCertificateTemplate.Poison));
        var sct = await _ct.AddPreChainAsync([precert, .. _chain], cancellationToken).ConfigureAwait(false);

        // RFC 6962 §3.3: the SCT list, as an OCTET STRING, in extension 1.3.6.1.4.1.11129.2.4.2 where the poison was.
        var final = _issuer.SignCertificate(template.WriteTbs(new SigningCertificateExtension(X509Oids.SctList, false, SignedCertificateTimestamp.ListExtension([sct]))));
        return new IssuedCertificate(final, _chain, sct);
    }
}
