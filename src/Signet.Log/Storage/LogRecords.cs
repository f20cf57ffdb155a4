namespace Signet.Log.Storage;

/// <summary>An entry waiting for an index: its RFC 6962 leaf hash (the de-duplication key), the canonicalized body
/// that is the leaf, and the search-index keys it is found by.</summary>
public sealed record PendingEntry(byte[] LeafHash, byte[] Body, IReadOnlyList<string> SearchKeys);

/// <summary>The durable result of sequencing one <see cref="PendingEntry"/>: its index, and whether the log already
/// held the same leaf (then <see cref="Index"/> is the first one).</summary>
public readonly record struct SequencedEntry(ulong Index, bool Duplicate, long IntegratedTime);

/// <summary>A sequenced entry as stored.</summary>
public sealed record StoredEntry(ulong Index, byte[] Body, long IntegratedTime);

/// <summary>
/// What the integrator has committed: the tree size, its root, the compact-range frontier needed to extend it, and
/// the signed checkpoint (C2SP tlog-checkpoint note) for exactly that size and root.
/// </summary>
public sealed record IntegratedState(ulong Size, byte[] RootHash, IReadOnlyList<byte[]> Frontier, byte[] Checkpoint);
