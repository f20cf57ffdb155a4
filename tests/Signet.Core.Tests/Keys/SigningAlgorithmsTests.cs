using System.Security.Cryptography;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Keys;

public sealed class SigningAlgorithmsTests
{
    // protobuf-specs protos/sigstore_common.proto, enum PublicKeyDetails: name and field number.
    [Theory]
    [InlineData("PKIX_RSA_PKCS1V15_2048_SHA256", 9)]
    [InlineData("PKIX_RSA_PKCS1V15_3072_SHA256", 10)]
    [InlineData("PKIX_RSA_PKCS1V15_4096_SHA256", 11)]
    [InlineData("PKIX_RSA_PSS_2048_SHA256", 16)]
    [InlineData("PKIX_RSA_PSS_3072_SHA256", 17)]
    [InlineData("PKIX_RSA_PSS_4096_SHA256", 18)]
    [InlineData("PKIX_ECDSA_P256_SHA_256", 5)]
    [InlineData("PKIX_ECDSA_P384_SHA_384", 12)]
    [InlineData("PKIX_ECDSA_P521_SHA_512", 13)]
    [InlineData("PKIX_ED25519", 7)]
    [InlineData("PKIX_ED25519_PH", 8)]
    [InlineData("PKIX_ECDSA_P384_SHA_256", 19)]
    [InlineData("PKIX_ECDSA_P521_SHA_256", 20)]
    public void Registry_names_map_both_ways_to_the_protobuf_numbers(string name, int number)
    {
        var algorithm = SigningAlgorithms.FromRegistryName(name);
        Assert.Equal(number, (int)algorithm);
        Assert.Equal(name, SigningAlgorithms.ToRegistryName(algorithm));
    }

    [Fact]
    public void Every_enum_value_has_a_registry_name()
    {
        Assert.Equal(13, Enum.GetValues<SigningAlgorithm>().Length);
        Assert.Equal(13, SigningAlgorithms.All.Count);
        foreach (var a in Enum.GetValues<SigningAlgorithm>())
        {
            Assert.Equal(a, SigningAlgorithms.FromRegistryName(SigningAlgorithms.ToRegistryName(a)));
        }
    }

    [Theory]
    [InlineData("pkix_ed25519")]
    [InlineData("PKIX_RSA_PKCS1V5")]
    [InlineData("PUBLIC_KEY_DETAILS_UNSPECIFIED")]
    [InlineData("LMS_SHA256")]
    [InlineData("")]
    public void Unknown_or_unsupported_names_are_format_errors(string name) =>
        Assert.Contains("not a supported algorithm", Assert.Throws<SignetFormatException>(() => SigningAlgorithms.FromRegistryName(name)).Message);

    [Fact]
    public void Hashes_follow_the_registry()
    {
        Assert.Equal(HashAlgorithmName.SHA256, SigningAlgorithms.HashOf(SigningAlgorithm.PkixEcdsaP256Sha256));
        Assert.Equal(HashAlgorithmName.SHA384, SigningAlgorithms.HashOf(SigningAlgorithm.PkixEcdsaP384Sha384));
        Assert.Equal(HashAlgorithmName.SHA512, SigningAlgorithms.HashOf(SigningAlgorithm.PkixEcdsaP521Sha512));
        Assert.Equal(HashAlgorithmName.SHA256, SigningAlgorithms.HashOf(SigningAlgorithm.PkixEcdsaP521Sha256));
        Assert.Equal(HashAlgorithmName.SHA256, SigningAlgorithms.HashOf(SigningAlgorithm.PkixRsaPss_4096Sha256));
        Assert.Equal(HashAlgorithmName.SHA512, SigningAlgorithms.HashOf(SigningAlgorithm.PkixEd25519));
        Assert.Throws<ArgumentOutOfRangeException>(() => SigningAlgorithms.HashOf((SigningAlgorithm)99));
    }
}
