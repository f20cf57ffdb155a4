using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Core.Certificates;

/// <summary>
/// The three parts of an X.509 certificate (RFC 5280 §4.1): the DER of <c>tbsCertificate</c>, the signature
/// algorithm OID and the signature value. Used to check a signature made by an issuer we already trust without
/// building a chain, and to rebuild the RFC 6962 precertificate.
/// </summary>
public sealed record X509Parts(ReadOnlyMemory<byte> TbsCertificate, string SignatureAlgorithm, byte[] Signature)
{
    /// <summary>A certificate larger than this is not a Sigstore certificate.</summary>
    public const int MaxCertificateSize = 64 * 1024;

    public static X509Parts Parse(ReadOnlyMemory<byte> der, string what = "certificate")
    {
        if (der.Length > MaxCertificateSize)
        {
            throw new SignetFormatException($"{what}: too large ({der.Length} bytes)");
        }

        try
        {
            // RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var cert = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var tbs = cert.ReadEncodedValue();
            var alg = cert.ReadSequence();
            var oid = alg.ReadObjectIdentifier();
            var sig = cert.ReadBitString(out var unused);
            cert.ThrowIfNotEmpty();
            if (unused != 0)
            {
                throw new SignetFormatException($"{what}: signature bit string has unused bits");
            }

            return new X509Parts(tbs, oid, sig);
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"{what}: not a DER certificate ({e.Message})", e);
        }
    }

    /// <summary>
    /// Checks that <paramref name="issuer"/> made this certificate's signature (ECDSA P-256/384/521 with SHA-2,
    /// RSA PKCS#1 v1.5 with SHA-2). Unknown algorithms fail closed.
    /// </summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        using var key = IssuerKey.From(issuer);
        return IsSignedBy(key);
    }

    /// <summary>The same check with an issuer key imported once (trusted CAs keep theirs).</summary>
    public bool IsSignedBy(IssuerKey issuer) => issuer.Verifies(TbsCertificate.Span, Signature, SignatureAlgorithm, HashOf);

    internal static HashAlgorithmName HashOf(string oid) => oid switch
    {
        "1.2.840.10045.4.3.2" or "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
        "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
