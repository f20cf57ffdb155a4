using System.Security.Cryptography;

namespace Signet.Core.Keys;

/// <summary>Registry names (protobuf-specs <c>PublicKeyDetails</c>) and the parameters of each <see cref="SigningAlgorithm"/>.</summary>
public static class SigningAlgorithms
{
    private static readonly (SigningAlgorithm Algorithm, string Name)[] Registry =
    [
        (SigningAlgorithm.PkixRsaPkcs1v15_2048Sha256, "PKIX_RSA_PKCS1V15_2048_SHA256"),
        (SigningAlgorithm.PkixRsaPkcs1v15_3072Sha256, "PKIX_RSA_PKCS1V15_3072_SHA256"),
        (SigningAlgorithm.PkixRsaPkcs1v15_4096Sha256, "PKIX_RSA_PKCS1V15_4096_SHA256"),
        (SigningAlgorithm.PkixRsaPss_2048Sha256, "PKIX_RSA_PSS_2048_SHA256"),
        (SigningAlgorithm.PkixRsaPss_3072Sha256, "PKIX_RSA_PSS_3072_SHA256"),
        (SigningAlgorithm.PkixRsaPss_4096Sha256, "PKIX_RSA_PSS_4096_SHA256"),
        (SigningAlgorithm.PkixEcdsaP256Sha256, "PKIX_ECDSA_P256_SHA_256"),
        (SigningAlgorithm.PkixEcdsaP384Sha384, "PKIX_ECDSA_P384_SHA_384"),
        (SigningAlgorithm.PkixEcdsaP521Sha512, "PKIX_ECDSA_P521_SHA_512"),
        (SigningAlgorithm.PkixEd25519, "PKIX_ED25519"),
        (SigningAlgorithm.PkixEd25519Ph, "PKIX_ED25519_PH"),
        (SigningAlgorithm.PkixEcdsaP384Sha256, "PKIX_ECDSA_P384_SHA_256"),
        (SigningAlgorithm.PkixEcdsaP521Sha256, "PKIX_ECDSA_P521_SHA_256"),
    ];

    /// <summary>Every algorithm Signet can verify.</summary>
    public static IReadOnlyList<SigningAlgorithm> All { get; } = Registry.Select(r => r.Algorithm).ToArray();

    /// <summary>Maps a registry name (e.g. <c>PKIX_ECDSA_P256_SHA_256</c>) to the algorithm; unknown names are a format error.</summary>
    public static SigningAlgorithm FromRegistryName(string name)
    {
        foreach (var (algorithm, registryName) in Registry)
        {
            if (string.Equals(registryName, name, StringComparison.Ordinal))
            {
                return algorithm;
            }
        }

        throw new SignetFormatException($"key details: '{name}' is not a supported algorithm of the Sigstore registry");
    }

    /// <summary>
    /// The name Sigstore's algorithm registry (and the trusted root's <c>keyDetails</c>) gives
    /// <paramref name="algorithm"/>.
    /// </summary>
    public static string ToRegistryName(SigningAlgorithm algorithm)
    {
        foreach (var (a, registryName) in Registry)
        {
            if (a == algorithm)
            {
                return registryName;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an algorithm of the registry");
    }

    /// <summary>The message digest the algorithm signs; Ed25519 hashes internally with SHA-512.</summary>
    public static HashAlgorithmName HashOf(SigningAlgorithm algorithm) => algorithm switch
    {
        SigningAlgorithm.PkixEcdsaP384Sha384 => HashAlgorithmName.SHA384,
        SigningAlgorithm.PkixEcdsaP521Sha512 or SigningAlgorithm.PkixEd25519 or SigningAlgorithm.PkixEd25519Ph => HashAlgorithmName.SHA512,
        _ when Enum.IsDefined(algorithm) => HashAlgorithmName.SHA256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an algorithm of the registry"),
    };

    internal static KeyKind KindOf(SigningAlgorithm algorithm) => algorithm switch
    {
        SigningAlgorithm.PkixEcdsaP256Sha256 => KeyKind.EcdsaP256,
        SigningAlgorithm.PkixEcdsaP384Sha384 or SigningAlgorithm.PkixEcdsaP384Sha256 => KeyKind.EcdsaP384,
        SigningAlgorithm.PkixEcdsaP521Sha512 or SigningAlgorithm.PkixEcdsaP521Sha256 => KeyKind.EcdsaP521,
        SigningAlgorithm.PkixEd25519 or SigningAlgorithm.PkixEd25519Ph => KeyKind.Ed25519,
        SigningAlgorithm.PkixRsaPkcs1v15_2048Sha256 or SigningAlgorithm.PkixRsaPss_2048Sha256 => KeyKind.Rsa2048,
        SigningAlgorithm.PkixRsaPkcs1v15_3072Sha256 or SigningAlgorithm.PkixRsaPss_3072Sha256 => KeyKind.Rsa3072,
        SigningAlgorithm.PkixRsaPkcs1v15_4096Sha256 or SigningAlgorithm.PkixRsaPss_4096Sha256 => KeyKind.Rsa4096,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an algorithm of the registry"),
    };

    internal static bool IsPss(SigningAlgorithm algorithm) =>
        algorithm is SigningAlgorithm.PkixRsaPss_2048Sha256 or SigningAlgorithm.PkixRsaPss_3072Sha256 or SigningAlgorithm.PkixRsaPss_4096Sha256;

    internal static SigningAlgorithm DefaultFor(KeyKind kind) => kind switch
    {
        KeyKind.EcdsaP256 => SigningAlgorithm.PkixEcdsaP256Sha256,
        KeyKind.EcdsaP384 => SigningAlgorithm.PkixEcdsaP384Sha384,
        KeyKind.EcdsaP521 => SigningAlgorithm.PkixEcdsaP521Sha512,
        KeyKind.Ed25519 => SigningAlgorithm.PkixEd25519,
        KeyKind.Rsa2048 => SigningAlgorithm.PkixRsaPkcs1v15_2048Sha256,
        KeyKind.Rsa3072 => SigningAlgorithm.PkixRsaPkcs1v15_3072Sha256,
        _ => SigningAlgorithm.PkixRsaPkcs1v15_4096Sha256,
    };
}
