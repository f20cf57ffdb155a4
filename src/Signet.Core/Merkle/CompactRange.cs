using System.Numerics;

namespace Signet.Core.Merkle;

/// <summary>
/// The append-only frontier of a log's Merkle tree: the roots of the perfect subtrees covering leaves [0, End),
/// largest (leftmost) first. Appending a leaf merges equal-sized subtrees and reports every node that becomes
/// complete, which is what a log needs to write its tiles.
/// </summary>
public sealed class CompactRange
{
    private readonly List<byte[]> _hashes;

    /// <summary>An empty range (tree size 0).</summary>
    public CompactRange()
    {
        _hashes = [];
    }

    private CompactRange(ulong end, List<byte[]> hashes)
    {
        End = end;
        _hashes = hashes;
    }

    /// <summary>The tree size: number of leaves appended.</summary>
    public ulong End { get; private set; }

    /// <summary>Roots of the perfect subtrees covering [0, End), left to right (one per set bit of End).</summary>
    public IReadOnlyList<byte[]> Hashes => _hashes;

    /// <summary>
    /// Restores a range from a stored tree size and its frontier hashes (as <see cref="Hashes"/> returned them).
    /// </summary>
    public static CompactRange Restore(ulong size, IReadOnlyList<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        ProofLimits.CheckTreeSize(size, "compact range");
        var expected = BitOperations.PopCount(size);
        if (hashes.Count != expected)
        {
            throw new SignetFormatException($"compact range: size {size} needs {expected} hashes, got {hashes.Count}");
        }

        var copy = new List<byte[]>(hashes.Count);
        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i] is null)
            {
                throw new SignetFormatException($"compact range: hash {i} is missing");
            }

            ProofLimits.CheckHash(hashes[i], "compact range", "hash", i);
            copy.Add((byte[])hashes[i].Clone());
        }

        return new CompactRange(size, copy);
    }

    /// <summary>
    /// Appends a leaf hash. <paramref name="onNewNode"/>, if given, is called for the leaf itself (level 0) and
    /// then for every interior node completed by this append, from low to high level.
    /// </summary>
    public void Append(ReadOnlySpan<byte> leafHash, Action<NodeId, byte[]>? onNewNode = null)
    {
        ProofLimits.CheckHash(leafHash, "compact range", "leaf hash");
        if (End >= ProofLimits.MaxTreeSize)
        {
            throw new InvalidOperationException("compact range: tree size would reach 2^63");
        }

        var index = End;
        var level = 0;
        var seed = leafHash.ToArray();
        onNewNode?.Invoke(new NodeId(level, index), seed);

        // RFC 6962 §2.1: while the new node is a right child, merge it with its left sibling on the frontier.
        while ((index & 1) == 1)
        {
            var left = _hashes[^1];
            _hashes.RemoveAt(_hashes.Count - 1);
            var parent = new byte[Rfc6962.HashSize];
            Rfc6962.HashChildrenUnchecked(left, seed, parent);
            seed = parent;
            index >>= 1;
            level++;
            onNewNode?.Invoke(new NodeId(level, index), seed);
        }

        _hashes.Add(seed);
        End++;
    }

    /// <summary>The Merkle tree hash of [0, End) (RFC 6962 §2.1); the empty-tree hash when End is 0.</summary>
    public byte[] GetRootHash()
    {
        var root = new byte[Rfc6962.HashSize];
        if (_hashes.Count == 0)
        {
            Rfc6962.EmptyRoot.CopyTo(root);
            return root;
        }

        // Fold the frontier right to left: the smaller subtrees form the right child at each step.
        _hashes[^1].CopyTo(root, 0);
        for (var i = _hashes.Count - 2; i >= 0; i--)
        {
            Rfc6962.HashChildrenUnchecked(_hashes[i], root, root);
        }

        return root;
    }
}
