using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Certificates;

namespace Signet.Core.Verification;

/// <summary>
/// The timestamp's signing certificate against one timestamp authority of the trusted root, checked the way the
/// signing certificate is checked against a Fulcio CA (<see cref="SigningCertificateVerifier"/>): by explicit links,
/// not chain building. The signer is either the authority's first certificate itself or a certificate it signed
/// (then it must be a CA); every certificate of the path must be valid at the stamped time; the signer carries the
/// timeStamping EKU as RFC 3161 §2.3 requires and is no CA. No store, no network, no revocation lookup.
/// <para>
/// Trust anchor: the trusted root's timestamp-authority chain ends in the anchor and must itself be a certification
/// path — each certificate issued by the next, a CA (checked once per trusted root; a chain with a gap is refused, as
/// sigstore-go's path building refuses it, and nothing is fetched to fill the gap). The signer is accepted when the
/// chain's first certificate's key signed it (or it is that exact certificate). A certificate that merely names the
/// trusted authority as its issuer — signed by any other key — is refused.
/// </para>
/// </summary>
internal static class TimestampAuthorityChain
{
    /// <summary>Why <paramref name="signer"/> does not link to <paramref name="tsa"/> at <paramref name="at"/>; null when it does.</summary>
    public static string? Refusal(X509Certificate2 signer, TrustedCertificateAuthority tsa, DateTimeOffset at)
    {
        if (tsa.ChainRefusal(X509Oids.TimeStampingEku) is { } broken)
        {
            return $"the trusted root's timestamp authority chain cannot be used: {broken}";
        }

        var isTrustedLeaf = signer.RawDataMemory.Span.SequenceEqual(tsa.Issuing.RawDataMemory.Span);
        if (!isTrustedLeaf)
        {
            // RFC 5280 §6.1.3 (a)(1), (a)(4): the issuer name links to the authority's first certificate and its key
            // made the signature; §4.2.1.9: that certificate must then be a CA.
            var parts = X509Parts.Parse(signer.RawDataMemory, "timestamp signing certificate");
            if (!tsa.Issuing.SubjectName.RawData.AsSpan().SequenceEqual(parts.IssuerName.Span) || !parts.IsSignedBy(tsa.IssuingKey))
            {
                return "the signing certificate is neither the timestamp authority's certificate nor issued by it";
            }

            if (!IsCa(tsa.Issuing))
            {
                return "the timestamp authority's certificate that issued the signing certificate is not a CA (RFC 5280 §4.2.1.9)";
            }
        }

        // RFC 5280 §4.2.1.10: a signer below the chain has its names within the chain's name constraints (the chain's
        // first certificate was held to those above it with the chain).
        if (!isTrustedLeaf && tsa.NameConstraints.Count > 0 && SignerNamesRefusal(signer, tsa) is { } outside)
        {
            return outside;
        }

        // RFC 5280 §6.1.3 (a)(2): every certificate of the path is valid at the time verified.
        if (!CertificateDecoder.IsValidAt(signer, at) || !tsa.Chain.All(c => CertificateDecoder.IsValidAt(c, at)))
        {
            return $"a certificate of the timestamp authority's chain was not valid at {at:O}";
        }

        return SignerProfileRefusal(signer);
    }

    /// <summary>
    /// RFC 3161 §2.3: exactly one EKU extension, critical, holding only id-kp-timeStamping; an end entity; no critical
    /// extension the verifier does not process (RFC 5280 §4.2).
    /// </summary>
    private static string? SignerProfileRefusal(X509Certificate2 signer)
    {
        if (CriticalExtensions.FirstUnprocessed(signer) is { } oid)
        {
            return $"the signing certificate has a critical extension the verifier does not process ({oid}; RFC 5280 §4.2)";
        }

        X509EnhancedKeyUsageExtension? eku = null;
        foreach (var ext in signer.Extensions)
        {
            switch (ext)
            {
                case X509EnhancedKeyUsageExtension e:
                    if (eku is not null)
                    {
                        return "the signing certificate has more than one extended key usage extension (RFC 3161 §2.3)";
                    }

                    eku = e;
                    break;
                case X509BasicConstraintsExtension bc when bc.CertificateAuthority:
                    return "the signing certificate is a CA certificate";
                case X509KeyUsageExtension ku when (ku.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0:
                    return "the signing certificate's key usage allows neither digitalSignature nor nonRepudiation (RFC 5280 §4.2.1.3)";
            }
        }

        if (eku is null)
        {
            return "the signing certificate has no extended key usage (RFC 3161 §2.3 requires timeStamping)";
        }

        if (!eku.Critical)
        {
            return "the signing certificate's extended key usage is not critical (RFC 3161 §2.3)";
        }

        var usages = eku.EnhancedKeyUsages;
        return usages.Count == 1 && usages[0].Value == X509Oids.TimeStampingEku
            ? null
            : "the signing certificate's extended key usage is not timeStamping alone (RFC 3161 §2.3)";
    }

    private static string? SignerNamesRefusal(X509Certificate2 signer, TrustedCertificateAuthority tsa)
    {
        try
        {
            return ChainNameConstraints.Refusal(ConstrainedName.Of(signer), tsa.NameConstraints, "the signing certificate");
        }
        catch (SignetFormatException e)
        {
            return $"the signing certificate's subject alternative names cannot be checked: {e.Message}";
        }
    }

    private static bool IsCa(X509Certificate2 c)
    {
        var bc = c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var ku = c.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        return bc is { CertificateAuthority: true } && (ku is null || (ku.KeyUsages & X509KeyUsageFlags.KeyCertSign) != 0);
    }
}
