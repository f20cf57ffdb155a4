namespace Signet.Log.Storage;

/// <summary>An entry waiting for an index: its RFC 6962 leaf hash (the de-duplication key), the canonicalized body
/// that is the leaf, and the search-index keys it is found by.</summary>
/// <param name="LeafHash">SHA-256(0x00 ‖ body) (RFC 6962 §2.1).</param>
/// <param name="Body">The leaf's data, at most <see cref="Core.Tiles.EntryBundle.MaxEntrySize"/> bytes.</param>
/// <param name="SearchKeys">Keys of the <see cref="ISearchIndex"/> (opaque to the engine; may be empty).</param>
public sealed record PendingEntry(byte[] LeafHash, byte[] Body, IReadOnlyList<string> SearchKeys);

/// <summary>The durable result of sequencing one <see cref="PendingEntry"/>: its index, and whether the log already
/// held the same leaf (then <see cref="Index"/> is the first one).</summary>
/// <param name="Index">The entry's index (for a duplicate, the first entry's).</param>
/// <param name="Duplicate">Whether the log already held the same leaf.</param>
/// <param name="IntegratedTime">Unix seconds at which the (first) entry was sequenced.</param>
public readonly record struct SequencedEntry(ulong Index, bool Duplicate, long IntegratedTime);

/// <summary>A sequenced entry as stored.</summary>
/// <param name="Index">Its index.</param>
/// <param name="Body">The leaf's data.</param>
/// <param name="IntegratedTime">Unix seconds at which it was sequenced.</param>
public sealed record StoredEntry(ulong Index, byte[] Body, long IntegratedTime);

/// <summary>
/// What the integrator has committed: the tree size, its root, the compact-range frontier needed to extend it, and
/// the signed checkpoint (C2SP tlog-checkpoint note) for exactly that size and root.
/// </summary>
/// <param name="Size">The tree size.</param>
/// <param name="RootHash">The RFC 6962 root hash of the tree of <paramref name="Size"/>.</param>
/// <param name="Frontier">The compact range [0, size) that extends the tree.</param>
/// <param name="Checkpoint">The signed note (C2SP tlog-checkpoint) for this size and root.</param>
public sealed record IntegratedState(ulong Size, byte[] RootHash, IReadOnlyList<byte[]> Frontier, byte[] Checkpoint);
