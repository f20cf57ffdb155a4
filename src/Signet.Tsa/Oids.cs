namespace Signet.Tsa;

/// <summary>The object identifiers a time-stamp authority reads and writes.</summary>
internal static class Oids
{
    // RFC 5754 §2: SHA-2 AlgorithmIdentifiers.
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    // RFC 5758 §3.2: ECDSA with SHA-2.
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";

    // RFC 5652 §5.1 / §11.
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string ContentType = "1.2.840.113549.1.9.3";
    public const string MessageDigest = "1.2.840.113549.1.9.4";

    // RFC 3161 §2.4.2: id-ct-TSTInfo.
    public const string TstInfo = "1.2.840.113549.1.9.16.1.4";

    // RFC 5035 §3: id-aa-signingCertificateV2.
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";

    // RFC 5280 §4.2.1.12: id-kp-timeStamping.
    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    /// <summary>Sigstore's TSA policy (fulcio docs/oid-info.md: 1.3.6.1.4.1.57264.2).</summary>
    public const string SigstoreTsaPolicy = "1.3.6.1.4.1.57264.2";
}
