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
    /// RSA PKCS#1 v1.5 with SHA-2, RSA-PSS). Unknown algorithms fail closed.
    /// </summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        var tbs = TbsCertificate.Span;
        switch (SignatureAlgorithm)
        {
            case "1.2.840.10045.4.3.2":
            case "1.2.840.10045.4.3.3":
            case "1.2.840.10045.4.3.4":
                {
                    using var ec = issuer.GetECDsaPublicKey();
                    return ec is not null && ec.VerifyData(tbs, Signature, HashOf(SignatureAlgorithm), DSASignatureFormat.Rfc3279DerSequence);
                }

            case "1.2.840.113549.1.1.11":
            case "1.2.840.113549.1.1.12":
            case "1.2.840.113549.1.1.13":
                {
                    using var rsa = issuer.GetRSAPublicKey();
                    return rsa is not null && rsa.VerifyData(tbs, Signature, HashOf(SignatureAlgorithm), RSASignaturePadding.Pkcs1);
                }

            default:
                return false;
        }
    }

    private static HashAlgorithmName HashOf(string oid) => oid switch
    {
        "1.2.840.10045.4.3.2" or "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
        "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
