namespace Signet.Ca.Ct;

/// <summary>An entry of the CT log as stored: the MerkleTreeLeaf (RFC 6962 §3.4) and its extra_data (§4.6).</summary>
public sealed record CtStoredEntry(ulong Index, byte[] LeafInput, byte[] ExtraData);

/// <summary>The integrated tree: size and RFC 6962 root hash.</summary>
public sealed record CtTree(ulong Size, byte[] RootHash);

/// <summary>
/// The storage a CT log personality runs on: Signet's log engine, which sequences leaves durably, integrates them
/// into an RFC 6962 Merkle tree and serves proofs. The personality itself never computes a tree.
/// </summary>
public interface ICtLogBackend
{
    /// <summary>Durably appends a leaf; returns its index once it cannot be lost.</summary>
    Task<ulong> AppendAsync(byte[] merkleTreeLeaf, byte[] extraData, CancellationToken cancellationToken);

    /// <summary>The latest integrated tree.</summary>
    Task<CtTree> GetTreeAsync(CancellationToken cancellationToken);

    /// <summary>Integrated entries from <paramref name="start"/>, at most <paramref name="count"/>.</summary>
    Task<IReadOnlyList<CtStoredEntry>> GetEntriesAsync(ulong start, int count, CancellationToken cancellationToken);

    /// <summary>Index of the leaf whose RFC 6962 leaf hash is <paramref name="leafHash"/>, if logged.</summary>
    Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken);

    /// <summary>RFC 6962 §2.1.1 audit path of leaf <paramref name="index"/> in the tree of size <paramref name="treeSize"/>.</summary>
    Task<IReadOnlyList<byte[]>> GetInclusionProofAsync(ulong index, ulong treeSize, CancellationToken cancellationToken);

    /// <summary>RFC 6962 §2.1.2 consistency proof between two integrated sizes.</summary>
    Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong first, ulong second, CancellationToken cancellationToken);
}
