using Signet.Log.Storage;

namespace Signet.Log.Ct;

/// <summary>
/// The extra_data of CT log entries as immutable objects of the log's own <see cref="ITileStore"/>, at
/// <c>extra/&lt;hex leaf hash&gt;</c> (outside the tlog-tiles <c>tile/</c> namespace, so never served as a tile). With
/// the PostgreSQL tile store every front end of a shared CT log reads the chains the others wrote.
/// </summary>
/// <param name="tiles">The CT log's tile store.</param>
public sealed class TileStoreExtraData(ITileStore tiles) : IExtraDataStore
{
    /// <inheritdoc/>
    public Task WriteAsync(byte[] leafHash, byte[] extraData, CancellationToken cancellationToken) =>
        tiles.WriteImmutableAsync([new TileObject(PathOf(leafHash), extraData)], cancellationToken);

    /// <inheritdoc/>
    public async Task<byte[]> ReadAsync(byte[] leafHash, CancellationToken cancellationToken) =>
        await tiles.ReadAsync(PathOf(leafHash), cancellationToken).ConfigureAwait(false)
        ?? throw new IOException($"the CT log holds no extra_data for leaf {Convert.ToHexStringLower(leafHash)}");

    private static string PathOf(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        return "extra/" + Convert.ToHexStringLower(leafHash);
    }
}
