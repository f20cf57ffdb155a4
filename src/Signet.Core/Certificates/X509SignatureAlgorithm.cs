using System.Security.Cryptography;
using Signet.Core.Asn1;

namespace Signet.Core.Certificates;

/// <summary>The key algorithm of an X.509 signature algorithm that names its hash.</summary>
public enum X509SignatureFamily
{
    /// <summary>ECDSA, signature a DER <c>Ecdsa-Sig-Value</c> (RFC 5758 §3.2).</summary>
    Ecdsa,

    /// <summary>RSA with PKCS#1 v1.5 padding (RFC 4055 §5).</summary>
    RsaPkcs1,
}

/// <summary>
/// The family and hash an X.509 signature algorithm identifier names (the <c>signatureAlgorithm</c> of a certificate,
/// a PKCS#10 request or a CMS SignerInfo): ecdsa-with-SHA256/384/512 (RFC 5758 §3.2) and
/// sha256/384/512WithRSAEncryption (RFC 4055 §5), and the reverse. Other algorithms (Ed25519, whose signature hashes
/// nothing first; RSASSA-PSS, whose hash is in its parameters) name none.
/// </summary>
public static class X509SignatureAlgorithm
{
    /// <summary>The hash of the signature algorithm <paramref name="oid"/>, or null when it is not one of the six above.</summary>
    /// <param name="oid">The algorithm's object identifier in dotted form.</param>
    public static HashAlgorithmName? HashOf(string oid) => Of(oid)?.Hash;

    /// <summary>The family and hash of the signature algorithm <paramref name="oid"/>, or null when it is not one of the six above.</summary>
    /// <param name="oid">The algorithm's object identifier in dotted form.</param>
    public static (X509SignatureFamily Family, HashAlgorithmName Hash)? Of(string oid) => oid switch
    {
        AlgorithmOids.EcdsaWithSha256 => (X509SignatureFamily.Ecdsa, HashAlgorithmName.SHA256),
        AlgorithmOids.EcdsaWithSha384 => (X509SignatureFamily.Ecdsa, HashAlgorithmName.SHA384),
        AlgorithmOids.EcdsaWithSha512 => (X509SignatureFamily.Ecdsa, HashAlgorithmName.SHA512),
        AlgorithmOids.Sha256WithRsaEncryption => (X509SignatureFamily.RsaPkcs1, HashAlgorithmName.SHA256),
        AlgorithmOids.Sha384WithRsaEncryption => (X509SignatureFamily.RsaPkcs1, HashAlgorithmName.SHA384),
        AlgorithmOids.Sha512WithRsaEncryption => (X509SignatureFamily.RsaPkcs1, HashAlgorithmName.SHA512),
        _ => null,
    };

    /// <summary>The signature algorithm of <paramref name="family"/> with <paramref name="hash"/> (SHA-256, SHA-384 or SHA-512).</summary>
    /// <param name="family">The key algorithm.</param>
    /// <param name="hash">SHA-256, SHA-384 or SHA-512.</param>
    /// <exception cref="ArgumentOutOfRangeException">Another family or hash.</exception>
    public static string OidOf(X509SignatureFamily family, HashAlgorithmName hash) => (family, hash.Name) switch
    {
        (X509SignatureFamily.Ecdsa, "SHA256") => AlgorithmOids.EcdsaWithSha256,
        (X509SignatureFamily.Ecdsa, "SHA384") => AlgorithmOids.EcdsaWithSha384,
        (X509SignatureFamily.Ecdsa, "SHA512") => AlgorithmOids.EcdsaWithSha512,
        (X509SignatureFamily.RsaPkcs1, "SHA256") => AlgorithmOids.Sha256WithRsaEncryption,
        (X509SignatureFamily.RsaPkcs1, "SHA384") => AlgorithmOids.Sha384WithRsaEncryption,
        (X509SignatureFamily.RsaPkcs1, "SHA512") => AlgorithmOids.Sha512WithRsaEncryption,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), $"{family} with {hash.Name}", "not a signature algorithm Signet writes"),
    };
}
