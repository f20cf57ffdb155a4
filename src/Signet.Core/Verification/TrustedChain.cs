using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Certificates;

namespace Signet.Core.Verification;

/// <summary>
/// Whether a trusted root's certificate chain (first certificate first, root last) can vouch for a certificate, checked
/// as RFC 5280 §6.1 validates a path and as Go's <c>crypto/x509</c> checks it for sigstore-go and cosign — but on the
/// chain the trusted root states, never one built from a bundle:
/// no critical extension the verifier does not process (§4.2, <see cref="CriticalExtensions"/>); each certificate
/// issued — name and signature — by the next, which is a CA (§6.1.3 (a)(1), (a)(4), §4.2.1.9); no more CA certificates
/// below a CA than its path length constraint allows (§4.2.1.9); and no CA certificate whose extended key usage excludes
/// the purpose the chain is used for (codeSigning for Fulcio, timeStamping for a TSA), as Go refuses a chain whose
/// EKUs do not nest; and every certificate's names within the name constraints above it (§4.2.1.10,
/// <see cref="ChainNameConstraints"/>).
/// </summary>
internal static class TrustedChain
{
    /// <summary>anyExtendedKeyUsage (RFC 5280 §4.2.1.12): a certificate with it restricts no purpose.</summary>
    private const string AnyKeyPurpose = "2.5.29.37.0";

    /// <summary>Why <paramref name="chain"/> cannot vouch for a certificate used for <paramref name="keyPurpose"/>; null when it can.</summary>
    public static string? Refusal(IReadOnlyList<X509Certificate2> chain, string keyPurpose)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            if (CriticalExtensions.FirstUnprocessed(chain[i]) is { } oid)
            {
                return $"certificate {i} of the trusted chain has a critical extension the verifier does not process ({oid}; RFC 5280 §4.2)";
            }

            // A TSA's signing certificate at the head of its chain is held to RFC 3161's profile instead (TimestampAuthorityChain).
            if (BasicConstraints(chain[i]) is { CertificateAuthority: true }
                && chain[i].Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } eku
                && !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == keyPurpose || o.Value == AnyKeyPurpose))
            {
                return $"certificate {i} of the trusted chain has an extended key usage without {keyPurpose} (RFC 5280 §4.2.1.12)";
            }
        }

        for (var i = 0; i + 1 < chain.Count; i++)
        {
            var parts = X509Parts.Parse(chain[i].RawDataMemory, $"certChain.certificates[{i}]");
            var issuer = chain[i + 1];
            if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(parts.IssuerName.Span) || !parts.IsSignedBy(issuer))
            {
                return $"certificate {i} of the trusted chain is not issued by certificate {i + 1}";
            }

            if (BasicConstraints(issuer) is not { CertificateAuthority: true } constraints)
            {
                return $"certificate {i + 1} of the trusted chain issues certificate {i} but is not a CA (RFC 5280 §4.2.1.9)";
            }

            // The CA certificates between this one and the end entity it vouches for (a TSA's chain may start with its
            // signing certificate, which is no CA).
            var below = chain.Take(i + 1).Count(c => BasicConstraints(c) is { CertificateAuthority: true });
            if (constraints.HasPathLengthConstraint && below > constraints.PathLengthConstraint)
            {
                return $"certificate {i + 1} of the trusted chain allows {constraints.PathLengthConstraint} CA certificate(s) below it, the chain has {below} (RFC 5280 §4.2.1.9)";
            }
        }

        return NameConstraintsRefusal(chain);
    }

    /// <summary>RFC 5280 §4.2.1.10: each certificate's names within the name constraints of the CA certificates above it;
    /// critical constraints of a form the verifier does not enforce cannot be processed (§4.2).</summary>
    private static string? NameConstraintsRefusal(IReadOnlyList<X509Certificate2> chain)
    {
        IReadOnlyList<(int Index, NameConstraints Constraints)> constraints;
        try
        {
            constraints = ChainNameConstraints.Read(chain);
        }
        catch (SignetFormatException e)
        {
            return $"a certificate of the trusted chain has name constraints the verifier cannot read: {e.Message}";
        }

        foreach (var (index, c) in constraints)
        {
            if (c.CannotBeProcessed)
            {
                return $"certificate {index} of the trusted chain has critical name constraints of a form the verifier does not enforce (only DNS, e-mail, URI and IP; RFC 5280 §4.2)";
            }
        }

        for (var i = 0; i + 1 < chain.Count && constraints.Count > 0; i++)
        {
            IReadOnlyList<ConstrainedName> names;
            try
            {
                names = ConstrainedName.Of(chain[i]);
            }
            catch (SignetFormatException e)
            {
                return $"certificate {i} of the trusted chain: {e.Message}";
            }

            var below = i;
            if (ChainNameConstraints.Refusal(names, constraints.Where(c => c.Index > below), $"certificate {i} of the trusted chain") is { } outside)
            {
                return outside;
            }
        }

        return null;
    }

    private static X509BasicConstraintsExtension? BasicConstraints(X509Certificate2 c) =>
        c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
}
