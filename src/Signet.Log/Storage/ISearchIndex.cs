namespace Signet.Log.Storage;

/// <summary>
/// Look-ups into what the sequencer indexed: the de-duplication index (leaf hash → index, unique) and the search index
/// (opaque keys chosen by a personality, e.g. Rekor's <c>sha256:…</c> → indices). Both are written by
/// <see cref="ISequencer.SequenceAsync"/> in the sequencing transaction; they may name entries that no published
/// checkpoint covers yet (<see cref="Engine.ILogReader"/> filters those out).
/// </summary>
public interface ISearchIndex
{
    /// <summary>The index of the entry with this RFC 6962 leaf hash, if any.</summary>
    /// <param name="leafHash">The 32-byte leaf hash.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken);

    /// <summary>Indices of entries indexed under <paramref name="searchKey"/>, ascending, at most <paramref name="limit"/>.</summary>
    /// <param name="searchKey">A key as the personality spelled it when appending.</param>
    /// <param name="limit">The most indices returned.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<ulong>> SearchAsync(string searchKey, int limit, CancellationToken cancellationToken);
}
