using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Core.Ct;

namespace Signet.Core.Verification;

/// <summary>
/// Client-spec §4.2: the signing certificate chains to a Fulcio CA of the trusted root, checked at every verified
/// time (the hybrid model: the leaf, the CA's certificates and the CA's validity window must all hold at each time),
/// and carries enough embedded SCTs verified against the trusted CT logs (RFC 6962 §3.2).
/// </summary>
internal static class SigningCertificateVerifier
{
    public static TrustedCertificateAuthority VerifyChain(
        SigningCertificate leaf,
        IReadOnlyList<TrustedCertificateAuthority> authorities,
        IReadOnlyList<DateTimeOffset> times)
    {
        CheckLeafProfile(leaf);
        var leafParts = leaf.Parts;

        // The trusted root's issuing certificate must have signed the leaf; intermediates from the bundle are not trusted.
        var issuers = authorities
            .Where(ca => ca.Issuing.SubjectName.RawData.AsSpan().SequenceEqual(leafParts.IssuerName.Span) && leafParts.IsSignedBy(ca.IssuingKey))
            .ToArray();
        if (issuers.Length == 0)
        {
            throw new VerificationException(VerificationErrorCode.CertificateChainInvalid, "the signing certificate was not issued by a certificate authority of the trusted root");
        }

        // The authority's own chain must be one a verifier can use for code signing (TrustedChain).
        var usable = issuers.Where(ca => ca.ChainRefusal(X509Oids.CodeSigningEku) is null).ToArray();
        if (usable.Length == 0)
        {
            throw new VerificationException(
                VerificationErrorCode.CertificateChainInvalid,
                $"the trusted root's certificate authority that issued the signing certificate cannot be used: {issuers[0].ChainRefusal(X509Oids.CodeSigningEku)}");
        }

        issuers = usable;

        // RFC 5280 §4.2.1.10: the leaf's names within the name constraints of the authority's chain (read only when it has some).
        if (issuers.Any(ca => ca.NameConstraints.Count > 0))
        {
            var names = leaf.Find(X509Oids.SubjectAltName) is { } san ? ConstrainedName.Read(san.Value) : [];
            var allowed = issuers.Where(ca => ChainNameConstraints.Refusal(names, ca.NameConstraints, "the signing certificate") is null).ToArray();
            if (allowed.Length == 0)
            {
                throw new VerificationException(VerificationErrorCode.CertificateChainInvalid, ChainNameConstraints.Refusal(names, issuers[0].NameConstraints, "the signing certificate")!);
            }

            issuers = allowed;
        }

        TrustedCertificateAuthority? used = null;
        foreach (var t in times)
        {
            if (!leaf.IsValidAt(t))
            {
                throw new VerificationException(
                    VerificationErrorCode.CertificateNotValidAtTime,
                    $"the signing certificate (valid {leaf.NotBefore:O} to {leaf.NotAfter:O}) was not valid at {t:O}");
            }

            used = issuers.FirstOrDefault(ca => ca.IsValidAt(t) && ca.Chain.All(c => CertificateDecoder.IsValidAt(c, t)))
                ?? throw new VerificationException(
                    VerificationErrorCode.CertificateChainInvalid,
                    $"no certificate authority of the trusted root that issued the signing certificate was valid at {t:O}");
        }

        return used ?? throw new VerificationException(VerificationErrorCode.InsufficientTimestamps, "no verified time to check the certificate at");
    }

    /// <summary>
    /// Fulcio certificate profile: an end-entity certificate for code signing (basic constraints, key usage and
    /// extended key usage are checked when present; RFC 5280 §4.2.1.9, §4.2.1.3, §4.2.1.12) with no critical extension
    /// the verifier does not process (§4.2: an unknown one, or a precertificate's poison).
    /// </summary>
    private static void CheckLeafProfile(SigningCertificate leaf)
    {
        if (CriticalExtensions.FirstUnprocessed(leaf.Extensions) is { } oid)
        {
            throw new VerificationException(
                VerificationErrorCode.CertificateChainInvalid,
                $"the signing certificate has a critical extension the verifier does not process ({oid}; RFC 5280 §4.2)");
        }

        if (leaf.IsCertificateAuthority)
        {
            throw new VerificationException(VerificationErrorCode.CertificateChainInvalid, "the signing certificate is a CA certificate");
        }

        if (leaf.KeyUsage is { } ku && (ku & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            throw new VerificationException(VerificationErrorCode.CertificateChainInvalid, "the signing certificate's key usage lacks digitalSignature");
        }

        if (leaf.ExtendedKeyUsages is { } eku && !eku.Contains(X509Oids.CodeSigningEku))
        {
            throw new VerificationException(VerificationErrorCode.CertificateChainInvalid, "the signing certificate's extended key usage lacks codeSigning");
        }
    }

    /// <summary>Counts embedded SCTs that verify; an SCT from a trusted log that does not verify fails outright.</summary>
    public static int VerifyEmbeddedScts(SigningCertificate leaf, TrustedCertificateAuthority issuer, IReadOnlyList<TrustedLog> ctlogs)
    {
        var ext = leaf.Find(X509Oids.SctList);
        if (ext is null)
        {
            return 0;
        }

        var scts = SignedCertificateTimestamp.ReadList(ext.Value.Span);
        byte[]? tbs = null;
        var verified = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sct in scts)
        {
            var log = ctlogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(sct.LogId));
            if (log is null || !log.IsValidAt(sct.Time))
            {
                continue;
            }

            tbs ??= Precertificate.TbsWithoutSctList(leaf.Parts.TbsCertificate);
            if (!log.Key.Verify(sct.PrecertSignedData(issuer.IssuerKeyHash, tbs), sct.Signature))
            {
                throw new VerificationException(VerificationErrorCode.SignedCertificateTimestampInvalid, $"the SCT from CT log {log.BaseUrl} does not verify");
            }

            // The same log counts once.
            if (seen.Add(Convert.ToHexString(log.LogId)))
            {
                verified++;
            }
        }

        return verified;
    }
}
