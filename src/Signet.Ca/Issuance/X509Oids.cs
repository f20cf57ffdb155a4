namespace Signet.Ca.Issuance;

/// <summary>
/// Object identifiers the CA writes (RFC 5280 §4.2.1, RFC 5758 §3.2); those a verifier reads too (SAN, code signing,
/// the RFC 6962 poison and SCT list) are in <see cref="Signet.Core.Certificates.FulcioOids"/>.
/// </summary>
internal static class X509Oids
{
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string KeyUsage = "2.5.29.15";
    public const string BasicConstraints = "2.5.29.19";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
}
