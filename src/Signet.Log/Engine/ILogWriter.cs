using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// The write side of a log (tessera's <c>Appender</c> with its publication awaiter): hands out durable indices in
/// batches (group commit), de-duplicates by leaf hash, and waits for a published checkpoint to cover an entry. When
/// too many entries are outstanding it refuses new ones with <see cref="LogPushbackException"/> instead of queueing
/// without bound. The engine does not look into an entry: a personality decides what the body is and which search
/// keys it is found by.
/// </summary>
public interface ILogWriter
{
    /// <summary>
    /// Appends an entry and returns as soon as it is durably sequenced (committed by the sequencer), without waiting
    /// for a checkpoint to cover it; the integrator integrates it in the background. For personalities whose receipt
    /// is a promise to integrate later (RFC 6962 §3: an SCT within the MMD).
    /// </summary>
    /// <param name="body">The leaf's data (RFC 6962 §2.1), at most <see cref="Core.Tiles.EntryBundle.MaxEntrySize"/> bytes.</param>
    /// <param name="searchKeys">Keys the <see cref="ISearchIndex"/> finds the entry by (may be empty).</param>
    /// <param name="cancellationToken">Stops waiting; the entry may still be sequenced.</param>
    /// <returns>The durable index (the first one if the same leaf was logged before).</returns>
    Task<SequencedEntry> SequenceAsync(byte[] body, IReadOnlyList<string> searchKeys, CancellationToken cancellationToken);

    /// <summary>Appends an entry and returns once it is durable, integrated and covered by a published checkpoint
    /// (bounded by <see cref="LogOptions.PublicationTimeout"/>, after which <see cref="LogPushbackException"/>).</summary>
    /// <param name="body">The leaf's data (RFC 6962 §2.1), at most <see cref="Core.Tiles.EntryBundle.MaxEntrySize"/> bytes.</param>
    /// <param name="searchKeys">Keys the <see cref="ISearchIndex"/> finds the entry by (may be empty).</param>
    /// <param name="cancellationToken">Stops waiting; the entry may still be sequenced.</param>
    Task<AppendResult> AppendAsync(byte[] body, IReadOnlyList<string> searchKeys, CancellationToken cancellationToken);
}

/// <summary>The outcome of an append: the entry's index (the first one for a duplicate), when it was sequenced,
/// its leaf hash, and the published state (checkpoint) that covers it.</summary>
/// <param name="Index">The entry's index (for a duplicate, the first entry's).</param>
/// <param name="IntegratedTime">Unix seconds at which the (first) entry was sequenced.</param>
/// <param name="Duplicate">Whether the log already held the same leaf.</param>
/// <param name="LeafHash">The RFC 6962 leaf hash of the entry.</param>
/// <param name="Checkpoint">A published state whose tree contains <paramref name="Index"/>.</param>
public sealed record AppendResult(ulong Index, long IntegratedTime, bool Duplicate, byte[] LeafHash, IntegratedState Checkpoint);
