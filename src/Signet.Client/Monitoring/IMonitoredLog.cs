namespace Signet.Client.Monitoring;

/// <summary>A log's newest head as it serves it: the signed checkpoint (a C2SP signed note; for an RFC 6962 CT log the
/// <c>get-sth</c> JSON) and, for a Rekor v1 log, the tree ID of its active shard.</summary>
public sealed record LogHead(string SignedCheckpoint, string? TreeId);

/// <summary>
/// The reads a <see cref="LogMonitor"/> makes of a transparency log. Nothing it returns is trusted: the monitor verifies
/// the checkpoint with the log's key and the proofs against verified roots.
/// </summary>
public interface IMonitoredLog
{
    /// <summary>The log's newest signed checkpoint.</summary>
    Task<LogHead> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>The RFC 6962 §2.1.2 consistency proof from tree size <paramref name="firstSize"/> to <paramref name="lastSize"/>.</summary>
    Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong firstSize, ulong lastSize, CancellationToken cancellationToken);

    /// <summary>The log's public key as the log publishes it (PEM), for trust on first use.</summary>
    Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Verifies <paramref name="head"/> with the log's key and returns the tree it commits to. For the C2SP and Rekor
    /// logs the head is a signed-note checkpoint; a log with another signed form (an RFC 6962 tree head) says so here.
    /// Throws <see cref="Core.Notes.NoteVerificationException"/> when the signature does not verify.
    /// </summary>
    /// <param name="head">What <see cref="GetHeadAsync"/> returned.</param>
    /// <param name="logKey">The key the log signs with.</param>
    Core.Notes.Checkpoint VerifyHead(LogHead head, Core.Keys.VerificationKey logKey) =>
        Log.RekorLogVerifier.VerifyCheckpoint(head.SignedCheckpoint, logKey);
}

/// <summary>One entry of a log as a monitor reads it: its index, its body (the leaf) and, for Rekor v1, its integrated time.</summary>
/// <param name="Index">The entry's index.</param>
/// <param name="Body">The leaf's data.</param>
/// <param name="IntegratedTime">Unix seconds, when the log says.</param>
public sealed record MonitoredEntry(ulong Index, byte[] Body, long? IntegratedTime);

/// <summary>The entries of a log as a monitor walks them, each proven to be in the verified tree it is read for.</summary>
public interface IMonitoredEntries
{
    /// <summary>
    /// The entries from <paramref name="start"/> to the end of <paramref name="tree"/>, in order. Each is proven to be
    /// in <paramref name="tree"/> — per entry, or for a whole walk at its end — and the enumeration throws
    /// <see cref="Core.Merkle.MerkleProofException"/> when the log's entries do not lead to the tree's root.
    /// </summary>
    /// <param name="start">The first index.</param>
    /// <param name="tree">A verified tree head of the log.</param>
    /// <param name="logKey">The log's key (for logs whose entries carry their own signed checkpoint).</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    IAsyncEnumerable<MonitoredEntry> ReadEntriesAsync(ulong start, LogTreeHead tree, Core.Keys.VerificationKey logKey, CancellationToken cancellationToken);

    /// <summary>The key material and digest an entry of this log names.</summary>
    /// <param name="entry">An entry read from this log.</param>
    EntryMaterial ReadMaterial(MonitoredEntry entry);
}
