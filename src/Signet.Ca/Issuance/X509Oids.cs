namespace Signet.Ca.Issuance;

/// <summary>Object identifiers the CA writes (RFC 5280 §4.2.1, RFC 6962 §3.1/§3.3, RFC 5758 §3.2).</summary>
internal static class X509Oids
{
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string KeyUsage = "2.5.29.15";
    public const string SubjectAlternativeName = "2.5.29.17";
    public const string BasicConstraints = "2.5.29.19";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string CtPrecertificatePoison = "1.3.6.1.4.1.11129.2.4.3";
    public const string CtSctList = "1.3.6.1.4.1.11129.2.4.2";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
}
