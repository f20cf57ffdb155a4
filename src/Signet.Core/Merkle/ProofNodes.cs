using System.Numerics;

namespace Signet.Core.Merkle;

/// <summary>
/// Which stored nodes an inclusion or consistency proof needs (pure index maths; no hashes). Fetch the hashes of
/// <see cref="ProofNodeSet.Ids"/> (from a database, from tiles, ...) and turn them into the proof with
/// <see cref="ProofNodeSet.Rehash"/>. Mirrors transparency-dev/merkle <c>proof.Inclusion</c>/<c>Consistency</c>.
/// </summary>
public static class ProofNodes
{
    /// <summary>Nodes for the inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/>.</summary>
    public static ProofNodeSet Inclusion(ulong index, ulong size)
    {
        ProofLimits.CheckTreeSize(size, "inclusion proof");
        if (index >= size)
        {
            throw new SignetFormatException($"inclusion proof: leaf index {index} is not below tree size {size}");
        }

        // RFC 9162 §2.1.3.1: the audit path of the leaf; the leaf itself is known to the verifier.
        return ForNode(index, 0, size).SkipFirst();
    }

    /// <summary>Nodes for the consistency proof from size <paramref name="size1"/> to size <paramref name="size2"/>.</summary>
    public static ProofNodeSet Consistency(ulong size1, ulong size2)
    {
        ConsistencyProof.CheckShape(size1, size2);
        if (size1 == size2)
        {
            return new ProofNodeSet([], 0, 0);
        }

        // RFC 9162 §2.1.4.1: start from the largest perfect subtree ending at size1 and prove its inclusion in
        // size2. If size1 is a power of two that subtree is the old root, which the verifier already has.
        var level = BitOperations.TrailingZeroCount(size1);
        var index = (size1 - 1) >> level;
        var nodes = ForNode(index, level, size2);
        return (size1 & (size1 - 1)) == 0 ? nodes.SkipFirst() : nodes;
    }

    /// <summary>
    /// The node (level, index) followed by the nodes proving its inclusion in the tree of size: its siblings up
    /// to the "fork" where its path leaves the right border, then the nodes of the ephemeral (imperfect)
    /// sibling of the fork from low to high level, then the perfect subtrees left of the fork from low to high.
    /// </summary>
    private static ProofNodeSet ForNode(ulong index, int level, ulong size)
    {
        var inner = MerkleRange.BitLength(index ^ (size >> level)) - 1;
        var fork = new NodeId(level + inner, index >> inner);
        var begin = fork.Begin;
        var end = fork.End;
        var left = MerkleRange.Size(0, begin);
        var right = MerkleRange.Size(end, size);

        var ids = new List<NodeId>(1 + inner + right + left);
        var node = new NodeId(level, index);
        ids.Add(node);
        for (; node.Level < fork.Level; node = node.Parent)
        {
            ids.Add(node.Sibling);
        }

        var ephemeralBegin = ids.Count;
        MerkleRange.AppendNodes(end, size, ids);
        ids.Reverse(ephemeralBegin, right);
        var ephemeralEnd = ids.Count;

        var leftBegin = ids.Count;
        MerkleRange.AppendNodes(0, begin, ids);
        ids.Reverse(leftBegin, left);

        if (ephemeralBegin >= ephemeralEnd)
        {
            ephemeralBegin = ephemeralEnd = 0;
        }

        return new ProofNodeSet(ids, ephemeralBegin, ephemeralEnd);
    }
}
