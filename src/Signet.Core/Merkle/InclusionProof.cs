using System.Numerics;

namespace Signet.Core.Merkle;

/// <summary>
/// Merkle audit paths (RFC 6962 §2.1.1, RFC 9162 §2.1.3): that the leaf at an index is in the tree of a size.
/// Proof hashes are ordered from the leaf's level upwards.
/// </summary>
public static class InclusionProof
{
    private const string What = "inclusion proof";

    /// <summary>
    /// Verifies that <paramref name="leafHash"/> is the leaf at <paramref name="index"/> in the tree of
    /// <paramref name="size"/> leaves with <paramref name="root"/>. Throws <see cref="MerkleProofException"/> if
    /// the proof does not verify, <see cref="SignetFormatException"/> if its shape is absurd.
    /// </summary>
    public static void Verify(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ProofLimits.CheckHash(root, What, "root");
        Span<byte> calculated = stackalloc byte[Rfc6962.HashSize];
        RootFromProof(index, size, leafHash, proof, calculated);
        ProofLimits.CheckRoot(calculated, root, What, size, index);
    }

    /// <summary>The root the proof leads to, for the caller to compare (see <see cref="Verify"/>).</summary>
    public static byte[] RootFromProof(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        var root = new byte[Rfc6962.HashSize];
        RootFromProof(index, size, leafHash, proof, root);
        return root;
    }

    /// <summary>Writes the root the proof leads to into <paramref name="destination"/> (32 bytes).</summary>
    public static void RootFromProof(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, Span<byte> destination)
    {
        ProofLimits.CheckTreeSize(size, What);
        if (index >= size)
        {
            throw new SignetFormatException($"{What}: leaf index {index} is not below tree size {size}");
        }

        ProofLimits.CheckHash(leafHash, What, "leaf hash");
        ProofLimits.CheckProof(proof, What);
        if (destination.Length < Rfc6962.HashSize)
        {
            throw new ArgumentException($"destination must hold {Rfc6962.HashSize} bytes", nameof(destination));
        }

        // RFC 9162 §2.1.3.2: the path splits where the paths to `index` and to `size - 1` part ways. Below
        // that point ("inner") the sibling side follows the index bits; above it ("border") every proof hash
        // is a left sibling, one per set bit of the remaining index.
        var (inner, border) = Decompose(index, size);
        if (proof.Count != inner + border)
        {
            throw new MerkleProofException(
                $"{What}: leaf {index} in tree of size {size} needs {inner + border} hashes, the proof has {proof.Count}");
        }

        var hash = destination[..Rfc6962.HashSize];
        leafHash.CopyTo(hash);
        ChainInner(hash, proof, 0, inner, index);
        ChainBorderRight(hash, proof, inner, proof.Count);
    }

    /// <summary>
    /// The compact range of leaves [0, <paramref name="index"/>) taken from the inclusion proof of leaf
    /// <paramref name="index"/>: its left siblings are exactly the perfect subtrees covering the leaves before it (RFC
    /// 9162 §2.1.3.2: the inner part's hashes where the index bit is set, then every border hash). A monitor that verified
    /// the proof can then append the following leaves and compare the result with a signed root, proving a walk of
    /// entries whole. The proof must have been verified first; only its shape is checked here.
    /// </summary>
    public static CompactRange LeftFrontier(ulong index, ulong size, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ProofLimits.CheckTreeSize(size, What);
        if (index >= size)
        {
            throw new SignetFormatException($"{What}: leaf index {index} is not below tree size {size}");
        }

        var (inner, border) = Decompose(index, size);
        if (proof.Count != inner + border)
        {
            throw new MerkleProofException($"{What}: leaf {index} in tree of size {size} needs {inner + border} hashes, the proof has {proof.Count}");
        }

        var left = new List<byte[]>(BitOperations.PopCount(index));
        for (var i = 0; i < inner; i++)
        {
            if (((index >> i) & 1) == 1)
            {
                left.Add(proof[i]);
            }
        }

        for (var i = inner; i < proof.Count; i++)
        {
            left.Add(proof[i]);
        }

        left.Reverse(); // bottom-up in the proof; a compact range lists the largest subtree first
        return CompactRange.Restore(index, left);
    }

    /// <summary>
    /// Builds the inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/>
    /// from stored nodes.
    /// </summary>
    public static IReadOnlyList<byte[]> Build(ulong index, ulong size, INodeSource nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return ProofNodes.Inclusion(index, size).Fetch(nodes);
    }

    /// <summary>Lengths of the lower (inner) and upper (border) parts of the proof for index in a tree of size.</summary>
    internal static (int Inner, int Border) Decompose(ulong index, ulong size)
    {
        var inner = MerkleRange.BitLength(index ^ (size - 1));
        var border = BitOperations.PopCount(index >> inner);
        return (inner, border);
    }

    /// <summary>Chains proof[from..to) onto <paramref name="hash"/>, choosing sides by the bits of <paramref name="index"/>.</summary>
    internal static void ChainInner(Span<byte> hash, IReadOnlyList<byte[]> proof, int from, int to, ulong index)
    {
        for (var i = from; i < to; i++)
        {
            if (((index >> (i - from)) & 1) == 0)
            {
                Rfc6962.HashChildrenUnchecked(hash, proof[i], hash);
            }
            else
            {
                Rfc6962.HashChildrenUnchecked(proof[i], hash, hash);
            }
        }
    }

    /// <summary>Like <see cref="ChainInner"/>, but only the left siblings count: the hash of the earlier, smaller tree.</summary>
    internal static void ChainInnerRight(Span<byte> hash, IReadOnlyList<byte[]> proof, int from, int to, ulong index)
    {
        for (var i = from; i < to; i++)
        {
            if (((index >> (i - from)) & 1) == 1)
            {
                Rfc6962.HashChildrenUnchecked(proof[i], hash, hash);
            }
        }
    }

    /// <summary>Chains proof[from..to) as left siblings along the right border of the tree.</summary>
    internal static void ChainBorderRight(Span<byte> hash, IReadOnlyList<byte[]> proof, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            Rfc6962.HashChildrenUnchecked(proof[i], hash, hash);
        }
    }
}
