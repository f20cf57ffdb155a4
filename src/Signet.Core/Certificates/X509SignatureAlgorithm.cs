using System.Security.Cryptography;

namespace Signet.Core.Certificates;

/// <summary>
/// The hash an X.509 signature algorithm identifier names (the <c>signatureAlgorithm</c> of a certificate or a PKCS#10
/// request): ecdsa-with-SHA256/384/512 (RFC 5758 §3.2) and sha256/384/512WithRSAEncryption (RFC 4055 §5). Other
/// algorithms (Ed25519, whose signature hashes nothing first; RSASSA-PSS, whose hash is in its parameters) name none.
/// </summary>
public static class X509SignatureAlgorithm
{
    /// <summary>The hash of the signature algorithm <paramref name="oid"/>, or null when it is not one of the six above.</summary>
    /// <param name="oid">The algorithm's object identifier in dotted form.</param>
    public static HashAlgorithmName? HashOf(string oid) => oid switch
    {
        "1.2.840.10045.4.3.2" or "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
        "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
        "1.2.840.10045.4.3.4" or "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
        _ => null,
    };
}
