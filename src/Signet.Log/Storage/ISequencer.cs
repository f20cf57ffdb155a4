namespace Signet.Log.Storage;

/// <summary>
/// The coordination store of a log: assigns contiguous indices durably (the entry and its index survive a crash
/// once <see cref="SequenceAsync"/> returns), de-duplicates by leaf hash, keeps the search index, and holds the
/// integrated state with compare-and-set semantics so that only one integrator advances the tree at a time.
/// Implementations: <c>SqliteSequencer</c> (embedded) and <c>PostgresSequencer</c> (shared by several front ends).
/// </summary>
public interface ISequencer : IAsyncDisposable
{
    /// <summary>Durably assigns indices to <paramref name="batch"/> in one transaction. An entry whose leaf hash is
    /// already in the log (or earlier in the same batch) gets the existing index with <c>Duplicate = true</c>.</summary>
    Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken);

    /// <summary>Number of entries sequenced so far (the next index).</summary>
    Task<ulong> GetSequencedSizeAsync(CancellationToken cancellationToken);

    /// <summary>Entries <paramref name="start"/> .. <paramref name="start"/>+<paramref name="count"/>-1 that exist, in order.</summary>
    Task<IReadOnlyList<StoredEntry>> ReadEntriesAsync(ulong start, int count, CancellationToken cancellationToken);

    /// <summary>The index of the entry with this leaf hash, if any.</summary>
    Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken);

    /// <summary>Indices of entries indexed under <paramref name="searchKey"/>, ascending, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ulong>> SearchAsync(string searchKey, int limit, CancellationToken cancellationToken);

    /// <summary>The last committed integrated state, or null for a log never integrated.</summary>
    Task<IntegratedState?> ReadIntegratedStateAsync(CancellationToken cancellationToken);

    /// <summary>Commits <paramref name="next"/> only if the stored state still has size <paramref name="expectedSize"/>
    /// (0 when none); returns false when another integrator got there first.</summary>
    Task<bool> TryCommitIntegratedStateAsync(ulong expectedSize, IntegratedState next, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="integrate"/> while holding the store's integration lock, if it can be taken
    /// without waiting; returns false when another front end holds it.</summary>
    Task<bool> TryWithIntegrationLockAsync(Func<CancellationToken, Task> integrate, CancellationToken cancellationToken);
}
