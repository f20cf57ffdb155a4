namespace Signet.Core.Asn1;

/// <summary>
/// The algorithm identifiers Signet reads or writes: hashes, public-key algorithms and named curves, signature
/// algorithms and the password-based encryption of PKCS#8 keys. <see cref="Keys.EllipticCurve"/>,
/// <see cref="DigestAlgorithms"/> and <see cref="Certificates.X509SignatureAlgorithm"/> map them to .NET's types.
/// </summary>
public static class AlgorithmOids
{
    /// <summary>RFC 3279 §2.2.1: id-sha1 (only where a spec fixes it, as ESSCertID does).</summary>
    public const string Sha1 = "1.3.14.3.2.26";

    /// <summary>RFC 5754 §2.2: id-sha256.</summary>
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";

    /// <summary>RFC 5754 §2.3: id-sha384.</summary>
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";

    /// <summary>RFC 5754 §2.4: id-sha512.</summary>
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    /// <summary>RFC 5480 §2.1.1: id-ecPublicKey.</summary>
    public const string EcPublicKey = "1.2.840.10045.2.1";

    /// <summary>RFC 5480 §2.1.1.1: secp256r1 (NIST P-256).</summary>
    public const string P256 = "1.2.840.10045.3.1.7";

    /// <summary>RFC 5480 §2.1.1.1: secp384r1 (NIST P-384).</summary>
    public const string P384 = "1.3.132.0.34";

    /// <summary>RFC 5480 §2.1.1.1: secp521r1 (NIST P-521).</summary>
    public const string P521 = "1.3.132.0.35";

    /// <summary>RFC 8017 Appendix C: rsaEncryption.</summary>
    public const string RsaEncryption = "1.2.840.113549.1.1.1";

    /// <summary>RFC 4055 §3.1 / RFC 8017 Appendix C: id-RSASSA-PSS.</summary>
    public const string RsaPss = "1.2.840.113549.1.1.10";

    /// <summary>RFC 8017 Appendix B.2.1: id-mgf1.</summary>
    public const string Mgf1 = "1.2.840.113549.1.1.8";

    /// <summary>RFC 8410 §3: id-Ed25519 (key and signature algorithm).</summary>
    public const string Ed25519 = "1.3.101.112";

    /// <summary>RFC 5758 §3.2: ecdsa-with-SHA256.</summary>
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";

    /// <summary>RFC 5758 §3.2: ecdsa-with-SHA384.</summary>
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";

    /// <summary>RFC 5758 §3.2: ecdsa-with-SHA512.</summary>
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    /// <summary>RFC 4055 §5 / RFC 8017 Appendix C: sha256WithRSAEncryption.</summary>
    public const string Sha256WithRsaEncryption = "1.2.840.113549.1.1.11";

    /// <summary>RFC 4055 §5 / RFC 8017 Appendix C: sha384WithRSAEncryption.</summary>
    public const string Sha384WithRsaEncryption = "1.2.840.113549.1.1.12";

    /// <summary>RFC 4055 §5 / RFC 8017 Appendix C: sha512WithRSAEncryption.</summary>
    public const string Sha512WithRsaEncryption = "1.2.840.113549.1.1.13";

    /// <summary>RFC 8018 Appendix A.4: id-PBES2.</summary>
    public const string Pbes2 = "1.2.840.113549.1.5.13";

    /// <summary>RFC 8018 Appendix A.2: id-PBKDF2.</summary>
    public const string Pbkdf2 = "1.2.840.113549.1.5.12";
}
