namespace Signet.Log.Storage;

/// <summary>
/// Assigns contiguous indices durably and reads sequenced entries back: an entry and its index survive a crash once
/// <see cref="SequenceAsync"/> returns. De-duplication by leaf hash and the entry's search keys are written in the
/// same transaction as the index, so a batch costs one durable commit however many indexes it feeds.
/// </summary>
public interface ISequencer
{
    /// <summary>Durably assigns indices to <paramref name="batch"/> in one transaction. An entry whose leaf hash is
    /// already in the log (or earlier in the same batch) gets the existing index with <c>Duplicate = true</c> and
    /// adds nothing; a new entry's <see cref="PendingEntry.SearchKeys"/> are added to the <see cref="ISearchIndex"/>.</summary>
    /// <param name="batch">The entries, in the order their indices are handed out.</param>
    /// <param name="integratedTime">Unix seconds recorded with every new entry of the batch.</param>
    /// <param name="cancellationToken">Cancels before the commit; after it the batch is durable.</param>
    /// <returns>One result per entry of <paramref name="batch"/>, in the same order.</returns>
    Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken);

    /// <summary>Number of entries sequenced so far (the next index).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ulong> GetSequencedSizeAsync(CancellationToken cancellationToken);

    /// <summary>Entries <paramref name="start"/> .. <paramref name="start"/>+<paramref name="count"/>-1 that exist, in order.</summary>
    /// <param name="start">The first index.</param>
    /// <param name="count">The most entries returned.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<StoredEntry>> ReadEntriesAsync(ulong start, int count, CancellationToken cancellationToken);
}
