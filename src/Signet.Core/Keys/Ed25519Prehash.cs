using System.Security.Cryptography;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Signet.Core.Keys;

/// <summary>
/// Ed25519ph (RFC 8032 §5.1, HashEdDSA with SHA-512 and an empty context) over a SHA-512 digest computed elsewhere:
/// how Sigstore signs an artifact with an Ed25519 key when only its digest travels — a hashedrekord entry (rekor
/// <c>hashedrekord</c> 0.0.1 and rekor-tiles 0.0.2 verify Ed25519 keys as Ed25519ph) and a bundle's message signature
/// (<c>PKIX_ED25519_PH</c> in the algorithm registry). libsodium, behind NSec, only prehashes a message it reads itself,
/// so signing and verifying a digest go through BouncyCastle's RFC 8032 implementation; the two agree on every
/// signature (RFC 8032 §7.3 test vector, tests/Signet.Core.Tests/Keys/Ed25519PrehashTests.cs).
/// </summary>
internal static class Ed25519Prehash
{
    /// <summary>Ed25519ph's prehash is SHA-512 (RFC 8032 §5.1).</summary>
    public static readonly HashAlgorithmName Hash = HashAlgorithmName.SHA512;

    private const int SignatureBytes = 64;

    /// <summary>Signs a 64-byte SHA-512 digest with the key's 32-byte seed.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> sha512)
    {
        CheckDigest(sha512);
        var signature = new byte[SignatureBytes];
        BcEd25519.SignPrehash(seed, [], sha512, signature);
        return signature;
    }

    /// <summary>Whether <paramref name="signature"/> is the key's Ed25519ph signature over the SHA-512 digest.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> sha512, ReadOnlySpan<byte> signature)
    {
        CheckDigest(sha512);
        return signature.Length == SignatureBytes && BcEd25519.VerifyPrehash(signature, publicKey, [], sha512);
    }

    private static void CheckDigest(ReadOnlySpan<byte> sha512)
    {
        if (sha512.Length != SHA512.HashSizeInBytes)
        {
            throw new SignetFormatException($"digest: {sha512.Length} bytes, but Ed25519ph signs a {SHA512.HashSizeInBytes}-byte SHA-512 digest");
        }
    }
}
