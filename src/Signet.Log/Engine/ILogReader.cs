using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// The read side of a log: what a published checkpoint covers, and nothing beyond it. Entries, the immutable C2SP
/// tlog-tiles objects, RFC 6962 inclusion and consistency proofs (built from hash tiles), root hashes of published
/// sizes, and look-ups in the de-duplication and search indexes. Proof arguments outside the published tree are a
/// <see cref="Core.SignetFormatException"/>.
/// </summary>
public interface ILogReader
{
    /// <summary>The latest published state (see <see cref="ICheckpointPublisher.Latest"/>).</summary>
    IntegratedState Latest { get; }

    /// <summary>The entry at <paramref name="index"/>, or null when no published checkpoint covers it.</summary>
    /// <param name="index">The entry's index.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<StoredEntry?> GetEntryAsync(ulong index, CancellationToken cancellationToken);

    /// <summary>Published entries from <paramref name="start"/>, at most <paramref name="count"/>, in order (empty
    /// when <paramref name="start"/> is beyond the published tree).</summary>
    /// <param name="start">The first index.</param>
    /// <param name="count">The most entries returned.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<StoredEntry>> GetEntriesAsync(ulong start, int count, CancellationToken cancellationToken);

    /// <summary>The index of the published entry with this RFC 6962 leaf hash, if any.</summary>
    /// <param name="leafHash">The 32-byte leaf hash.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken);

    /// <summary>Indices of published entries indexed under <paramref name="searchKey"/>, ascending, at most
    /// <paramref name="limit"/> looked up.</summary>
    /// <param name="searchKey">A key as the personality spelled it when appending.</param>
    /// <param name="limit">The most indices looked up.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<ulong>> SearchAsync(string searchKey, int limit, CancellationToken cancellationToken);

    /// <summary>An immutable tile-store object (hash tile or entry bundle) by its tlog-tiles path, or null. Whether
    /// the path is within the published tree is the caller's to check (<see cref="PublishedTiles.Covers"/>).</summary>
    /// <param name="path">A tlog-tiles path such as <c>tile/0/x001/067.p/8</c> or <c>tile/entries/000</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<byte[]?> ReadTileAsync(string path, CancellationToken cancellationToken);

    /// <summary>The RFC 6962 §2.1.1 inclusion proof of <paramref name="index"/> in the published tree of
    /// <paramref name="size"/>, built from that size's tiles.</summary>
    /// <param name="index">The entry's index, below <paramref name="size"/>.</param>
    /// <param name="size">A published tree size.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    Task<IReadOnlyList<byte[]>> InclusionProofAsync(ulong index, ulong size, CancellationToken cancellationToken);

    /// <summary>The RFC 6962 §2.1.2 consistency proof between two published sizes (empty when
    /// <paramref name="size1"/> is 0 or equals <paramref name="size2"/>).</summary>
    /// <param name="size1">The older size.</param>
    /// <param name="size2">The newer size, at most the published size.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(ulong size1, ulong size2, CancellationToken cancellationToken);

    /// <summary>The RFC 6962 root hash of the tree of a published <paramref name="size"/>.</summary>
    /// <param name="size">A tree size at most the published size.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    Task<byte[]> RootAtAsync(ulong size, CancellationToken cancellationToken);
}
