using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Core.Timestamps;

namespace Signet.Core.Verification;

/// <summary>
/// The certificate that signed an RFC 3161 token, found and checked against one trusted timestamp authority: the
/// token's embedded certificate its SignerInfo identifies, else the authority's certificate it identifies (RFC 5652
/// §5.3); the ESS signing-certificate attribute must name that certificate (RFC 3161 §2.4.1, RFC 5816 §2.2.1); the
/// content-type and message-digest attributes must match the TSTInfo (RFC 5652 §5.4, §11.1–11.2); the signature over
/// the signed attributes must verify with the certificate's key. A certificate of the trusted chain is used as the
/// trust material holds it, with its key imported once; only an embedded certificate the chain does not hold is
/// decoded here. Whether the certificate links to the authority is <see cref="TimestampAuthorityChain"/>'s check.
/// </summary>
internal static class TimestampSigner
{
    /// <summary>
    /// The verified signer of <paramref name="token"/> under <paramref name="tsa"/>, or null with the reason;
    /// <paramref name="decoded"/> is true when the certificate was decoded here and belongs to the caller.
    /// </summary>
    public static X509Certificate2? Find(TimeStampToken token, TrustedCertificateAuthority tsa, out bool decoded, out string? refusal)
    {
        decoded = false;
        foreach (var der in token.Certificates)
        {
            var trusted = tsa.Chain.FirstOrDefault(c => c.RawDataMemory.Span.SequenceEqual(der.Span));
            var candidate = trusted ?? CertificateDecoder.Load(der.ToArray(), "timestamp embedded certificate");
            if (Identifies(token, candidate))
            {
                refusal = Refusal(token, candidate, tsa);
                if (refusal is null)
                {
                    decoded = trusted is null;
                    return candidate;
                }

                if (trusted is null)
                {
                    candidate.Dispose();
                }

                return null;
            }

            if (trusted is null)
            {
                candidate.Dispose();
            }
        }

        foreach (var c in tsa.Chain)
        {
            if (Identifies(token, c))
            {
                refusal = Refusal(token, c, tsa);
                return refusal is null ? c : null;
            }
        }

        refusal = "no certificate the token embeds or the timestamp authority holds matches its signer identifier (RFC 5652 §5.3)";
        return null;
    }

    /// <summary>RFC 5652 §5.3 SignerIdentifier: the issuer name and serial number, or the subject key identifier.</summary>
    private static bool Identifies(TimeStampToken token, X509Certificate2 c)
    {
        if (!token.SignerKeyIdentifier.IsEmpty)
        {
            if (c.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } stated)
            {
                return stated.SubjectKeyIdentifierBytes.Span.SequenceEqual(token.SignerKeyIdentifier.Span);
            }

            // No identifier stated: the ones CMS signers compute — RFC 5280 §4.2.1.2 method (1), or SHA-1 of the whole
            // SubjectPublicKeyInfo (the platform's CmsSigner).
            return Computed(c, X509SubjectKeyIdentifierHashAlgorithm.Sha1).SequenceEqual(token.SignerKeyIdentifier.Span)
                || Computed(c, X509SubjectKeyIdentifierHashAlgorithm.CapiSha1).SequenceEqual(token.SignerKeyIdentifier.Span);
        }

        return IsIssuerAndSerial(c, token.SignerIssuer.Span, token.SignerSerial.Span);
    }

    private static ReadOnlySpan<byte> Computed(X509Certificate2 c, X509SubjectKeyIdentifierHashAlgorithm method)
        => new X509SubjectKeyIdentifierExtension(c.PublicKey, method, false).SubjectKeyIdentifierBytes.Span;

    private static bool IsIssuerAndSerial(X509Certificate2 c, ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> serial)
        => c.SerialNumberBytes.Span.SequenceEqual(serial)
            && (c.IssuerName.RawData.AsSpan().SequenceEqual(issuer) || SameName(c.IssuerName, issuer));

    /// <summary>The same name in another encoding of its strings (as the platform's CMS matching allows); a name that does not decode is none.</summary>
    private static bool SameName(X500DistinguishedName name, ReadOnlySpan<byte> der)
    {
        try
        {
            return name.Name == new X500DistinguishedName(der).Name;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string? Refusal(TimeStampToken token, X509Certificate2 signer, TrustedCertificateAuthority tsa)
    {
        // RFC 3161 §2.4.1: the signing-certificate attribute (v1 or v2, both checked when both are present).
        if (token.SigningCertificate is null && token.SigningCertificateV2 is null)
        {
            return "the token has no ESS signing-certificate attribute (RFC 3161 §2.4.1)";
        }

        foreach (var id in new[] { token.SigningCertificate, token.SigningCertificateV2 })
        {
            if (id is not null && !Names(id, signer))
            {
                return "the token's ESS signing-certificate attribute does not name its signing certificate (RFC 5816 §2.2.1)";
            }
        }

        var digest = DigestAlgorithms.FromOid(token.DigestAlgorithm);
        if (digest is null || token.SignedAttributes is null)
        {
            return digest is null
                ? $"unsupported SignerInfo digest algorithm {token.DigestAlgorithm}"
                : "the SignerInfo has no signed attributes (RFC 3161 §2.4.1)";
        }

        // RFC 5652 §5.3: both attributes present; §11.1 the content type is the signed content's; §11.2 the digest is its hash.
        if (token.ContentType != CmsOids.TstInfo)
        {
            return "the signed content-type attribute is missing or is not id-ct-TSTInfo (RFC 5652 §11.1)";
        }

        if (token.MessageDigest is null || !token.MessageDigest.AsSpan().SequenceEqual(CryptographicOperations.HashData(digest.Value, token.Content)))
        {
            return "the signed message-digest attribute is missing or is not the TSTInfo's digest (RFC 5652 §11.2)";
        }

        if (X509AlgorithmFor(token.SignatureAlgorithm, token.SignatureAlgorithmParameters.Span, digest.Value) is not { } algorithm)
        {
            return $"unsupported or inconsistent SignerInfo signature algorithm {token.SignatureAlgorithm} with digest {digest.Value.Name}";
        }

        var verified = ReferenceEquals(signer, tsa.Issuing)
            ? tsa.IssuingKey.Verifies(token.SignedAttributes, token.Signature, algorithm, token.SignatureAlgorithmParameters.Span)
            : VerifiesWithOwnKey(signer, token, algorithm);
        return verified ? null : "the token's signature does not verify with its signing certificate's key (RFC 5652 §5.6)";
    }

    private static bool VerifiesWithOwnKey(X509Certificate2 signer, TimeStampToken token, string algorithm)
    {
        try
        {
            using var key = IssuerKey.From(signer);
            return key.Verifies(token.SignedAttributes, token.Signature, algorithm, token.SignatureAlgorithmParameters.Span);
        }
        catch (SignetFormatException)
        {
            return false;
        }
    }

    private static bool Names(EssCertId id, X509Certificate2 c)
        => id.HashOf(c.RawDataMemory.Span) is { } hash
            && hash.AsSpan().SequenceEqual(id.CertificateHash)
            && (id.IssuerName.IsEmpty || IsIssuerAndSerial(c, id.IssuerName.Span, id.SerialNumber.Span));

    /// <summary>
    /// The X.509 signature algorithm the CMS one amounts to with <paramref name="digest"/> (RFC 5753 §7.1.3 ECDSA,
    /// RFC 3370 §3.2 and RFC 4056 RSA): a bare key algorithm takes the SignerInfo's digest; an algorithm that names
    /// its own hash must name that digest. Null when there is none.
    /// </summary>
    private static string? X509AlgorithmFor(string oid, ReadOnlySpan<byte> parameters, HashAlgorithmName digest)
    {
        switch (oid)
        {
            case AlgorithmOids.EcPublicKey:
                return X509SignatureAlgorithm.OidOf(X509SignatureFamily.Ecdsa, digest);
            case AlgorithmOids.RsaEncryption:
                return X509SignatureAlgorithm.OidOf(X509SignatureFamily.RsaPkcs1, digest);
            case AlgorithmOids.RsaPss:
                return RsaPssParameters.TryRead(parameters, out var pssHash) && pssHash == digest ? oid : null;
            default:
                return X509SignatureAlgorithm.HashOf(oid) == digest ? oid : null;
        }
    }
}
