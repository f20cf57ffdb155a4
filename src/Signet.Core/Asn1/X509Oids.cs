namespace Signet.Core.Asn1;

/// <summary>
/// The X.509 object identifiers Signet reads or writes: certificate extensions and key purposes (RFC 5280 §4.2.1),
/// the Certificate Transparency extensions (RFC 6962 §3) and the name attributes it reads (RFC 5280 Appendix A).
/// Fulcio's own extensions are <see cref="Certificates.FulcioOids"/>.
/// </summary>
public static class X509Oids
{
    /// <summary>RFC 5280 §4.2.1.2: id-ce-subjectKeyIdentifier.</summary>
    public const string SubjectKeyIdentifier = "2.5.29.14";

    /// <summary>RFC 5280 §4.2.1.3: id-ce-keyUsage.</summary>
    public const string KeyUsage = "2.5.29.15";

    /// <summary>RFC 5280 §4.2.1.6: id-ce-subjectAltName, which carries a Fulcio signer's identity.</summary>
    public const string SubjectAltName = "2.5.29.17";

    /// <summary>RFC 5280 §4.2.1.9: id-ce-basicConstraints.</summary>
    public const string BasicConstraints = "2.5.29.19";

    /// <summary>RFC 5280 §4.2.1.10: id-ce-nameConstraints.</summary>
    public const string NameConstraints = "2.5.29.30";

    /// <summary>RFC 5280 §4.2.1.13: id-ce-cRLDistributionPoints.</summary>
    public const string CrlDistributionPoints = "2.5.29.31";

    /// <summary>RFC 5280 §4.2.1.4: id-ce-certificatePolicies.</summary>
    public const string CertificatePolicies = "2.5.29.32";

    /// <summary>RFC 5280 §4.2.1.1: id-ce-authorityKeyIdentifier.</summary>
    public const string AuthorityKeyIdentifier = "2.5.29.35";

    /// <summary>RFC 5280 §4.2.1.12: id-ce-extKeyUsage.</summary>
    public const string ExtendedKeyUsage = "2.5.29.37";

    /// <summary>RFC 5280 §4.2.1.12: id-kp-serverAuth (TLS server certificates).</summary>
    public const string ServerAuthEku = "1.3.6.1.5.5.7.3.1";

    /// <summary>RFC 5280 §4.2.1.12: id-kp-codeSigning, required on Fulcio leaf certificates.</summary>
    public const string CodeSigningEku = "1.3.6.1.5.5.7.3.3";

    /// <summary>RFC 5280 §4.2.1.12 / RFC 3161 §2.3: id-kp-timeStamping, required on TSA signing certificates.</summary>
    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    /// <summary>RFC 5280 §4.2.2.1: id-pe-authorityInfoAccess.</summary>
    public const string AuthorityInfoAccess = "1.3.6.1.5.5.7.1.1";

    /// <summary>RFC 6962 §3.3: the embedded signed certificate timestamp list.</summary>
    public const string SctList = "1.3.6.1.4.1.11129.2.4.2";

    /// <summary>RFC 6962 §3.1: the precertificate poison extension.</summary>
    public const string PrecertificatePoison = "1.3.6.1.4.1.11129.2.4.3";

    /// <summary>RFC 6962 §3.1: the Precertificate Signing Certificate key purpose.</summary>
    public const string PrecertificateSigningEku = "1.3.6.1.4.1.11129.2.4.4";

    /// <summary>RFC 5280 Appendix A (X.520): id-at-organizationName.</summary>
    public const string OrganizationName = "2.5.4.10";
}
