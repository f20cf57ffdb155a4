namespace Signet.Ca.Issuance;

/// <summary>One X.509 extension (RFC 5280 §4.1: extnID, critical, extnValue) with its DER value.</summary>
public sealed record CertificateExtension(string Oid, bool Critical, byte[] Value);
