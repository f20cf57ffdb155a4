using System.Numerics;

namespace Signet.Core.Merkle;

/// <summary>
/// Merkle consistency proofs (RFC 6962 §2.1.2, RFC 9162 §2.1.4): that the tree of size1 is a prefix of the tree
/// of size2. Proofs from the empty tree are refused, as in RFC 9162 and transparency-dev/merkle.
/// </summary>
public static class ConsistencyProof
{
    private const string What = "consistency proof";

    /// <summary>
    /// Verifies that <paramref name="root1"/> (size1) and <paramref name="root2"/> (size2) are roots of the same
    /// append-only log. Throws <see cref="MerkleProofException"/> if the proof does not verify,
    /// <see cref="SignetFormatException"/> if its shape is absurd (size1 &gt; size2, sizes ≥ 2^63, hashes not 32 bytes,
    /// more than 64 hashes, size1 = 0 &lt; size2).
    /// </summary>
    public static void Verify(ulong size1, ulong size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ProofLimits.CheckHash(root2, What, "second root");
        Span<byte> calculated = stackalloc byte[Rfc6962.HashSize];
        RootFromProof(size1, size2, proof, root1, calculated);
        ProofLimits.CheckRoot(calculated, root2, What, size2);
    }

    /// <summary>
    /// Checks the proof against <paramref name="root1"/> and returns the root of size2 that it implies, for the
    /// caller to compare.
    /// </summary>
    public static byte[] RootFromProof(ulong size1, ulong size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1)
    {
        var root2 = new byte[Rfc6962.HashSize];
        RootFromProof(size1, size2, proof, root1, root2);
        return root2;
    }

    /// <summary>Writes the root of size2 implied by the proof into <paramref name="destination"/>.</summary>
    public static void RootFromProof(ulong size1, ulong size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, Span<byte> destination)
    {
        CheckShape(size1, size2);
        ProofLimits.CheckHash(root1, What, "first root");
        ProofLimits.CheckProof(proof, What);
        if (destination.Length < Rfc6962.HashSize)
        {
            throw new ArgumentException($"destination must hold {Rfc6962.HashSize} bytes", nameof(destination));
        }

        var hash2 = destination[..Rfc6962.HashSize];
        if (size1 == size2)
        {
            // RFC 9162 §2.1.4.2 step 1 (trees of equal size): the proof is empty and the roots must be equal.
            if (proof.Count != 0)
            {
                throw new MerkleProofException($"{What}: sizes are equal ({size1}) but the proof has {proof.Count} hashes");
            }

            // The empty tree has exactly one root, SHA-256 of nothing (RFC 6962 §2.1).
            if (size1 == 0 && !root1.SequenceEqual(Rfc6962.EmptyRoot))
            {
                throw new MerkleProofException($"{What}: root of the empty tree must be {Convert.ToHexStringLower(Rfc6962.EmptyRoot)}");
            }

            root1.CopyTo(hash2);
            return;
        }

        if (proof.Count == 0)
        {
            throw new MerkleProofException($"{What}: proof from size {size1} to {size2} is empty");
        }

        // RFC 9162 §2.1.4.2: the proof is the inclusion path of the last leaf of size1 in size2, with the levels
        // below the largest perfect subtree ending at size1 cut off. That subtree's hash is the first proof hash,
        // unless size1 is a power of two, in which case it is root1 itself.
        var (inner, border) = InclusionProof.Decompose(size1 - 1, size2);
        var shift = BitOperations.TrailingZeroCount(size1);
        inner -= shift;

        var seedIsRoot1 = size1 == 1UL << shift;
        var start = seedIsRoot1 ? 0 : 1;
        if (proof.Count != start + inner + border)
        {
            throw new MerkleProofException(
                $"{What}: sizes {size1} → {size2} need {start + inner + border} hashes, the proof has {proof.Count}");
        }

        ReadOnlySpan<byte> seed = seedIsRoot1 ? root1 : proof[0];
        var mask = (size1 - 1) >> shift;

        // First root: only the left siblings of the path rebuild the tree of size1.
        Span<byte> hash1 = stackalloc byte[Rfc6962.HashSize];
        seed.CopyTo(hash1);
        InclusionProof.ChainInnerRight(hash1, proof, start, start + inner, mask);
        InclusionProof.ChainBorderRight(hash1, proof, start + inner, proof.Count);
        ProofLimits.CheckRoot(hash1, root1, What, size1);

        // Second root: the whole path.
        seed.CopyTo(hash2);
        InclusionProof.ChainInner(hash2, proof, start, start + inner, mask);
        InclusionProof.ChainBorderRight(hash2, proof, start + inner, proof.Count);
    }

    /// <summary>Builds the consistency proof between sizes <paramref name="size1"/> and <paramref name="size2"/> from stored nodes.</summary>
    public static IReadOnlyList<byte[]> Build(ulong size1, ulong size2, INodeSource nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return ProofNodes.Consistency(size1, size2).Fetch(nodes);
    }

    internal static void CheckShape(ulong size1, ulong size2)
    {
        ProofLimits.CheckTreeSize(size1, What);
        ProofLimits.CheckTreeSize(size2, What);
        if (size1 > size2)
        {
            throw new SignetFormatException($"{What}: first size {size1} is larger than second size {size2}");
        }

        if (size1 == 0 && size2 != 0)
        {
            throw new SignetFormatException($"{What}: a proof from the empty tree (size 0 to {size2}) is meaningless");
        }
    }
}
