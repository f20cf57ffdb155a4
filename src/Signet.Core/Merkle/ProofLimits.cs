using System.Security.Cryptography;

namespace Signet.Core.Merkle;

/// <summary>
/// Up-front shape checks shared by the proof verifiers: absurd input is a <see cref="SignetFormatException"/>,
/// never an index error.
/// </summary>
internal static class ProofLimits
{
    /// <summary>A proof in a tree of fewer than 2^63 leaves has at most 63 hashes (64 for consistency's seed).</summary>
    public const int MaxProofHashes = 64;

    /// <summary>Tree sizes must stay below 2^63.</summary>
    public const ulong MaxTreeSize = (1UL << 63) - 1;

    public static void CheckTreeSize(ulong size, string what)
    {
        if (size > MaxTreeSize)
        {
            throw new SignetFormatException($"{what}: tree size {size} is not below 2^63");
        }
    }

    // The messages are built only on failure: verification itself allocates nothing for them.
    public static void CheckHash(ReadOnlySpan<byte> hash, string context, string what)
    {
        if (hash.Length != Rfc6962.HashSize)
        {
            throw WrongLength(hash.Length, $"{context}: {what}");
        }
    }

    public static void CheckHash<T>(ReadOnlySpan<byte> hash, string context, string what, T item)
    {
        if (hash.Length != Rfc6962.HashSize)
        {
            throw WrongLength(hash.Length, $"{context}: {what} {item}");
        }
    }

    /// <summary>
    /// Throws <see cref="MerkleProofException"/> unless the root a proof computed is the expected one (compared in
    /// constant time). The message names the tree of <paramref name="size"/>, and the leaf when
    /// <paramref name="leafIndex"/> is given.
    /// </summary>
    public static void CheckRoot(ReadOnlySpan<byte> computed, ReadOnlySpan<byte> expected, string what, ulong size, ulong? leafIndex = null)
    {
        if (!CryptographicOperations.FixedTimeEquals(computed, expected))
        {
            var tree = leafIndex is { } index ? $"leaf {index} in tree of size {size} leads to" : $"tree of size {size} computes to";
            throw new MerkleProofException($"{what}: {tree} root {Convert.ToHexStringLower(computed)}, expected {Convert.ToHexStringLower(expected)}");
        }
    }

    private static SignetFormatException WrongLength(int length, string what) =>
        new($"{what} is {length} bytes, a SHA-256 hash is {Rfc6962.HashSize}");

    public static void CheckProof(IReadOnlyList<byte[]>? proof, string what)
    {
        if (proof is null)
        {
            throw new SignetFormatException($"{what}: proof is missing");
        }

        if (proof.Count > MaxProofHashes)
        {
            throw new SignetFormatException($"{what}: proof has {proof.Count} hashes, at most {MaxProofHashes} are possible");
        }

        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is null)
            {
                throw new SignetFormatException($"{what}: proof hash {i} is missing");
            }

            CheckHash(proof[i], what, "proof hash", i);
        }
    }
}
