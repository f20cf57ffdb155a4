using System.Diagnostics.CodeAnalysis;

namespace Signet.Core.Keys;

/// <summary>
/// Sigstore's algorithm registry: the <c>PublicKeyDetails</c> enum of sigstore/protobuf-specs
/// (protos/sigstore_common.proto). Values equal the protobuf field numbers. Registry names via <see cref="SigningAlgorithms"/>.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Mirrors the registry names (key size then hash), as agreed in CONTRACT.md.")]
public enum SigningAlgorithm
{
    /// <summary>PKIX_RSA_PKCS1V15_2048_SHA256.</summary>
    PkixRsaPkcs1v15_2048Sha256 = 9,

    /// <summary>PKIX_RSA_PKCS1V15_3072_SHA256.</summary>
    PkixRsaPkcs1v15_3072Sha256 = 10,

    /// <summary>PKIX_RSA_PKCS1V15_4096_SHA256.</summary>
    PkixRsaPkcs1v15_4096Sha256 = 11,

    /// <summary>PKIX_RSA_PSS_2048_SHA256.</summary>
    PkixRsaPss_2048Sha256 = 16,

    /// <summary>PKIX_RSA_PSS_3072_SHA256.</summary>
    PkixRsaPss_3072Sha256 = 17,

    /// <summary>PKIX_RSA_PSS_4096_SHA256.</summary>
    PkixRsaPss_4096Sha256 = 18,

    /// <summary>PKIX_ECDSA_P256_SHA_256 (FIPS 186-4).</summary>
    PkixEcdsaP256Sha256 = 5,

    /// <summary>PKIX_ECDSA_P384_SHA_384.</summary>
    PkixEcdsaP384Sha384 = 12,

    /// <summary>PKIX_ECDSA_P521_SHA_512.</summary>
    PkixEcdsaP521Sha512 = 13,

    /// <summary>PKIX_ED25519 (RFC 8032, pure).</summary>
    PkixEd25519 = 7,

    /// <summary>PKIX_ED25519_PH (RFC 8032 Ed25519ph, SHA-512 pre-hash).</summary>
    PkixEd25519Ph = 8,

    /// <summary>PKIX_ECDSA_P384_SHA_256: deprecated in the registry, still produced by some clients.</summary>
    PkixEcdsaP384Sha256 = 19,

    /// <summary>PKIX_ECDSA_P521_SHA_256: deprecated in the registry, still produced by some clients.</summary>
    PkixEcdsaP521Sha256 = 20,
}
