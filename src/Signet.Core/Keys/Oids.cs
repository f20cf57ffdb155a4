namespace Signet.Core.Keys;

/// <summary>Object identifiers used by the key formats Signet reads.</summary>
internal static class Oids
{
    public const string EcPublicKey = "1.2.840.10045.2.1";   // RFC 5480 §2.1.1
    public const string P256 = "1.2.840.10045.3.1.7";        // RFC 5480 §2.1.1.1 secp256r1
    public const string P384 = "1.3.132.0.34";               // secp384r1
    public const string P521 = "1.3.132.0.35";               // secp521r1
    public const string RsaEncryption = "1.2.840.113549.1.1.1"; // RFC 8017 Appendix C
    public const string RsaPss = "1.2.840.113549.1.1.10";    // RFC 4055 §3.1 id-RSASSA-PSS
    public const string Ed25519 = "1.3.101.112";             // RFC 8410 §3
    public const string Pbes2 = "1.2.840.113549.1.5.13";     // RFC 8018 Appendix A.4
    public const string Pbkdf2 = "1.2.840.113549.1.5.12";    // RFC 8018 Appendix A.2
}
