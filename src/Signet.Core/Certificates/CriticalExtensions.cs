using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;

namespace Signet.Core.Certificates;

/// <summary>
/// RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if it encounters a critical extension it does
/// not recognize or a critical extension that contains information that it cannot process." The extensions the verifier
/// processes, or may pass over because they only inform (key identifiers, where CRLs and issuers are published, policies
/// when no policy is required), are the ones Go's crypto/x509 handles for sigstore-go and cosign, name constraints
/// included (<see cref="NameConstraints"/>; critical ones of a form it does not enforce refuse the chain). Every other
/// critical extension —
/// an unknown one, Fulcio's own (which the specification makes non-critical), RFC 6962's precertificate poison — makes
/// the certificate unusable.
/// </summary>
public static class CriticalExtensions
{
    private static readonly FrozenSet<string> Processed = new[]
    {
        X509Oids.KeyUsage,
        X509Oids.BasicConstraints,
        X509Oids.ExtendedKeyUsage,
        X509Oids.SubjectAltName,
        X509Oids.NameConstraints,
        X509Oids.SubjectKeyIdentifier,
        X509Oids.AuthorityKeyIdentifier,
        X509Oids.CertificatePolicies,
        X509Oids.CrlDistributionPoints,
        X509Oids.AuthorityInfoAccess,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The first critical extension of <paramref name="extensions"/> the verifier does not process, or null.</summary>
    /// <param name="extensions">A certificate's extensions.</param>
    public static string? FirstUnprocessed(IEnumerable<SigningCertificateExtension> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        return extensions.FirstOrDefault(e => e.Critical && !Processed.Contains(e.Oid))?.Oid;
    }

    /// <summary>The first critical extension of <paramref name="certificate"/> the verifier does not process, or null.</summary>
    /// <param name="certificate">A certificate of a trusted chain, or a timestamp's signing certificate.</param>
    public static string? FirstUnprocessed(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var e in certificate.Extensions)
        {
            if (e.Critical && !Processed.Contains(e.Oid?.Value ?? ""))
            {
                return e.Oid?.Value ?? "(no OID)";
            }
        }

        return null;
    }
}
