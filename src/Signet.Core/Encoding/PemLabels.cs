namespace Signet.Core.Encoding;

/// <summary>
/// The PEM labels Signet reads and writes (RFC 7468: "the label ... determines the type of message encoded"), each
/// spelled once; <see cref="Pem"/> matches labels exactly.
/// </summary>
public static class PemLabels
{
    /// <summary>RFC 7468 §5.1: an X.509 certificate (RFC 5280 Certificate).</summary>
    public const string Certificate = "CERTIFICATE";

    /// <summary>RFC 7468 §7: a PKCS #10 certification request (RFC 2986).</summary>
    public const string CertificateRequest = "CERTIFICATE REQUEST";

    /// <summary>RFC 7468 §7: the label some tools still write for <see cref="CertificateRequest"/>; read, never written.</summary>
    public const string NewCertificateRequest = "NEW CERTIFICATE REQUEST";

    /// <summary>RFC 7468 §10: a PKCS #8 OneAsymmetricKey (RFC 5958 §2), unencrypted.</summary>
    public const string PrivateKey = "PRIVATE KEY";

    /// <summary>RFC 7468 §11: a PKCS #8 EncryptedPrivateKeyInfo (RFC 5958 §3).</summary>
    public const string EncryptedPrivateKey = "ENCRYPTED PRIVATE KEY";

    /// <summary>RFC 7468 §13: a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).</summary>
    public const string PublicKey = "PUBLIC KEY";
}
