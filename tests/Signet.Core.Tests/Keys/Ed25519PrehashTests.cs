using System.Security.Cryptography;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Keys;

/// <summary>
/// Ed25519ph over a digest (<see cref="Ed25519Prehash"/>, BouncyCastle) is RFC 8032's, and the same as libsodium's
/// Ed25519ph over the message (NSec): the scheme an Ed25519 key's hashedrekord entry and message signature use.
/// </summary>
public sealed class Ed25519PrehashTests
{
    // RFC 8032 §7.3, "TEST abc" (Ed25519ph).
    private static readonly byte[] Seed = Convert.FromHexString("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42");
    private static readonly byte[] Public = Convert.FromHexString("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf");
    private static readonly byte[] Message = Convert.FromHexString("616263");
    private static readonly byte[] Signature = Convert.FromHexString(
        "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");

    [Fact]
    public void The_rfc_8032_test_vector_signs_and_verifies_over_its_sha512_digest()
    {
        var digest = SHA512.HashData(Message);
        Assert.Equal(Signature, Ed25519Prehash.Sign(Seed, digest));
        Assert.True(Ed25519Prehash.Verify(Public, digest, Signature));

        var flipped = (byte[])Signature.Clone();
        flipped[10] ^= 1;
        Assert.False(Ed25519Prehash.Verify(Public, digest, flipped));
        Assert.False(Ed25519Prehash.Verify(Public, SHA512.HashData("abd"u8), Signature));
        Assert.False(Ed25519Prehash.Verify(Public, digest, Signature.AsSpan(0, 63)));
        Assert.Throws<SignetFormatException>(() => Ed25519Prehash.Verify(Public, SHA256.HashData(Message), Signature));
    }

    [Fact]
    public void A_verification_key_checks_ed25519ph_over_a_digest_and_over_the_message_alike()
    {
        var key = VerificationKey.FromEd25519(Public);
        var digest = SHA512.HashData(Message);
        Assert.True(key.VerifyDigest(digest, HashAlgorithmName.SHA512, Signature, SigningAlgorithm.PkixEd25519Ph));
        Assert.True(key.Verify(Message, Signature, SigningAlgorithm.PkixEd25519Ph)); // libsodium's Ed25519ph
        Assert.False(key.Verify(Message, Signature)); // not a pure Ed25519 signature: RFC 8032 dom2 separates them

        Assert.Throws<NotSupportedException>(() => key.VerifyDigest(digest, HashAlgorithmName.SHA512, Signature));
        Assert.Throws<SignetFormatException>(() => key.VerifyDigest(SHA256.HashData(Message), HashAlgorithmName.SHA256, Signature, SigningAlgorithm.PkixEd25519Ph));
    }

    [Fact]
    public void A_signing_key_signs_a_digest_as_libsodium_signs_the_message()
    {
        using var key = SigningKey.GenerateEd25519();
        var data = RandomNumberGenerator.GetBytes(1000);
        var signature = key.SignDigest(SHA512.HashData(data));
        Assert.True(key.PublicKey.Verify(data, signature, SigningAlgorithm.PkixEd25519Ph));
        Assert.False(key.PublicKey.Verify(data, signature));
    }
}
