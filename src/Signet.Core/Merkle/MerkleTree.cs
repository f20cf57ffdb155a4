namespace Signet.Core.Merkle;

/// <summary>
/// Merkle tree hashes (MTH, RFC 6962 §2.1) computed in one pass over leaf hashes, with a fixed stack frontier:
/// no allocation per node.
/// </summary>
public static class MerkleTree
{
    // A tree below 2^63 leaves has at most 63 frontier nodes (plus one being merged).
    private const int MaxFrontier = 64;

    /// <summary>
    /// The root of the tree whose leaf hashes are <paramref name="concatenatedLeafHashes"/> (32 bytes each, in
    /// order). Any contiguous run of leaf hashes gives the MTH of that range; empty input gives the empty-tree root.
    /// </summary>
    public static byte[] ComputeRoot(ReadOnlySpan<byte> concatenatedLeafHashes)
    {
        var root = new byte[Rfc6962.HashSize];
        ComputeRoot(concatenatedLeafHashes, root);
        return root;
    }

    /// <summary>Writes the root of the leaf hashes into <paramref name="destination"/> (32 bytes).</summary>
    public static void ComputeRoot(ReadOnlySpan<byte> concatenatedLeafHashes, Span<byte> destination)
    {
        const int h = Rfc6962.HashSize;
        if (concatenatedLeafHashes.Length % h != 0)
        {
            throw new SignetFormatException(
                $"merkle tree: leaf hashes are {concatenatedLeafHashes.Length} bytes, not a multiple of {h}");
        }

        if (destination.Length < h)
        {
            throw new ArgumentException($"destination must hold {h} bytes", nameof(destination));
        }

        var count = concatenatedLeafHashes.Length / h;
        if (count == 0)
        {
            Rfc6962.EmptyRoot.CopyTo(destination);
            return;
        }

        Span<byte> frontier = stackalloc byte[MaxFrontier * h];
        var depth = 0;
        for (var i = 0; i < count; i++)
        {
            var leaf = concatenatedLeafHashes.Slice(i * h, h);
            if ((i & 1) == 0)
            {
                leaf.CopyTo(frontier.Slice(depth * h, h));
                depth++;
                continue;
            }

            // Odd leaf: it is a right child; merge with the top of the frontier, then keep merging while the
            // completed subtree is itself a right child (RFC 6962 §2.1, perfect subtrees of size 2^k).
            var top = frontier.Slice((depth - 1) * h, h);
            Rfc6962.HashChildrenUnchecked(top, leaf, top);
            for (var n = (uint)(i + 1) >> 1; (n & 1) == 0; n >>= 1)
            {
                depth--;
                var left = frontier.Slice((depth - 1) * h, h);
                Rfc6962.HashChildrenUnchecked(left, frontier.Slice(depth * h, h), left);
            }
        }

        // Fold the remaining perfect subtrees right to left into the root.
        while (depth > 1)
        {
            depth--;
            var left = frontier.Slice((depth - 1) * h, h);
            Rfc6962.HashChildrenUnchecked(left, frontier.Slice(depth * h, h), left);
        }

        frontier[..h].CopyTo(destination);
    }

    /// <summary>
    /// The root of the tree of <paramref name="size"/> leaves from stored perfect-subtree nodes (one per set bit
    /// of size), e.g. to recompute a checkpoint's root from tiles.
    /// </summary>
    public static byte[] RootFromNodes(ulong size, INodeSource nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ProofLimits.CheckTreeSize(size, "merkle tree");
        var root = new byte[Rfc6962.HashSize];
        if (size == 0)
        {
            Rfc6962.EmptyRoot.CopyTo(root);
            return root;
        }

        var ids = MerkleRange.Nodes(0, size);
        for (var i = ids.Count - 1; i >= 0; i--)
        {
            var hash = nodes.GetNode(ids[i]);
            ProofLimits.CheckHash(hash, "merkle tree", "hash of node", ids[i]);
            if (i == ids.Count - 1)
            {
                hash.CopyTo(root, 0);
            }
            else
            {
                Rfc6962.HashChildrenUnchecked(hash, root, root);
            }
        }

        return root;
    }
}
