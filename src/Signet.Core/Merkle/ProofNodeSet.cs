namespace Signet.Core.Merkle;

/// <summary>
/// The stored nodes a proof is made of, in proof order. A run of them (<see cref="EphemeralBegin"/> to
/// <see cref="EphemeralEnd"/>, low level first) are the perfect subtrees under one "ephemeral" node on the right
/// border of the tree, which is not stored and must be rehashed into a single proof hash.
/// </summary>
public sealed class ProofNodeSet
{
    private readonly NodeId[] _ids;

    internal ProofNodeSet(IReadOnlyList<NodeId> ids, int ephemeralBegin, int ephemeralEnd)
    {
        _ids = [.. ids];
        EphemeralBegin = ephemeralBegin;
        EphemeralEnd = ephemeralEnd;
    }

    /// <summary>The nodes whose hashes are needed, in the order <see cref="Rehash"/> expects them.</summary>
    public IReadOnlyList<NodeId> Ids => _ids;

    /// <summary>Index in <see cref="Ids"/> of the first node under the ephemeral node (equal to the end if none).</summary>
    public int EphemeralBegin { get; }

    /// <summary>Index in <see cref="Ids"/> one past the last node under the ephemeral node.</summary>
    public int EphemeralEnd { get; }

    /// <summary>
    /// Turns the hashes of <see cref="Ids"/> (same order, 32 bytes each) into the proof: the ephemeral run is
    /// folded into one hash, higher nodes on the left (RFC 6962 §2.1).
    /// </summary>
    public IReadOnlyList<byte[]> Rehash(IReadOnlyList<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (hashes.Count != _ids.Length)
        {
            throw new SignetFormatException($"proof nodes: got {hashes.Count} hashes for {_ids.Length} nodes");
        }

        var proof = new List<byte[]>(_ids.Length);
        for (var i = 0; i < hashes.Count; i++)
        {
            ProofLimits.CheckHash(hashes[i], "proof nodes", "hash of node", _ids[i]);
            if (i == EphemeralBegin && EphemeralBegin < EphemeralEnd)
            {
                var hash = (byte[])hashes[i].Clone();
                for (i++; i < EphemeralEnd; i++)
                {
                    ProofLimits.CheckHash(hashes[i], "proof nodes", "hash of node", _ids[i]);
                    Rfc6962.HashChildrenUnchecked(hashes[i], hash, hash);
                }

                i--;
                proof.Add(hash);
            }
            else
            {
                proof.Add(hashes[i]);
            }
        }

        return proof;
    }

    /// <summary>Fetches every node from <paramref name="nodes"/> and rehashes them into the proof.</summary>
    public IReadOnlyList<byte[]> Fetch(INodeSource nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var hashes = new byte[_ids.Length][];
        for (var i = 0; i < _ids.Length; i++)
        {
            hashes[i] = nodes.GetNode(_ids[i]);
        }

        return Rehash(hashes);
    }

    internal ProofNodeSet SkipFirst()
    {
        var begin = EphemeralBegin;
        var end = EphemeralEnd;
        if (begin < end)
        {
            begin--;
            end--;
        }

        return new ProofNodeSet(_ids[1..], begin, end);
    }
}
