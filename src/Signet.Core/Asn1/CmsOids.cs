namespace Signet.Core.Asn1;

/// <summary>
/// The CMS object identifiers of an RFC 3161 time-stamp token: content types (RFC 5652 §5.1, RFC 3161 §2.4.2) and
/// signed attributes (RFC 5652 §11, RFC 2634 §5.4, RFC 5035 §3).
/// </summary>
public static class CmsOids
{
    /// <summary>RFC 5652 §5.1: id-signedData.</summary>
    public const string SignedData = "1.2.840.113549.1.7.2";

    /// <summary>RFC 3161 §2.4.2: id-ct-TSTInfo.</summary>
    public const string TstInfo = "1.2.840.113549.1.9.16.1.4";

    /// <summary>RFC 5652 §11.1: id-contentType.</summary>
    public const string ContentType = "1.2.840.113549.1.9.3";

    /// <summary>RFC 5652 §11.2: id-messageDigest.</summary>
    public const string MessageDigest = "1.2.840.113549.1.9.4";

    /// <summary>RFC 2634 §5.4: id-aa-signingCertificate (ESSCertID, SHA-1).</summary>
    public const string SigningCertificate = "1.2.840.113549.1.9.16.2.12";

    /// <summary>RFC 5035 §3: id-aa-signingCertificateV2 (ESSCertIDv2).</summary>
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
}
