using Signet.Core;
using Signet.Core.Notes;
using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// Before a log signs anything, its committed state must not be behind the checkpoint it already published (the tile
/// store's <c>checkpoint</c>, tlog-tiles). A database restored from an older backup beside newer tiles held a tree of
/// fewer entries: the log started, served the smaller tree and gave its next entries indices it had already given
/// others — two signed checkpoints that are not consistent (C2SP tlog-checkpoint: a log "MUST NOT sign two inconsistent
/// checkpoints"), a split view that witnesses and monitors report and that clients' bundles prove. So the log refuses
/// to start when the published checkpoint is larger than the committed tree, of the same size with another root, or of
/// another origin. A checkpoint file that lags (it is rewritten at most once per interval) is normal. A server also
/// checks its shared database against the checkpoint an earlier version left under the data directory, when that
/// version kept the tiles there.
/// </summary>
public static class PublishedCheckpointCheck
{
    /// <summary>The tile store's path of the published checkpoint (C2SP tlog-tiles).</summary>
    public const string Path = "checkpoint";

    /// <summary>Refuses a committed state that is behind, or not the same tree as, the published checkpoint.</summary>
    /// <param name="store">Where the committed state is.</param>
    /// <param name="tiles">Where the published checkpoint is.</param>
    /// <param name="origin">The log's origin.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="SignetConfigurationException">The stored state would make the log sign a second tree.</exception>
    public static async Task CheckAsync(IIntegrationStore store, ITileStore tiles, string origin, CancellationToken cancellationToken)
    {
        var file = await tiles.ReadAsync(Path, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return;
        }

        Checkpoint published;
        try
        {
            published = Checkpoint.Parse(SignedNote.Parse(file).Text);
        }
        catch (SignetFormatException e)
        {
            throw new SignetConfigurationException($"log {origin}: the published checkpoint cannot be read ({e.Message}); it must be the log's own before the log signs again", e);
        }

        if (published.Origin != origin)
        {
            throw new SignetConfigurationException($"log {origin}: the published checkpoint is of the log '{published.Origin}': the tiles belong to another log");
        }

        var committed = await store.ReadIntegratedStateAsync(cancellationToken).ConfigureAwait(false);
        var size = committed?.Size ?? 0;
        if (published.Size > size)
        {
            throw new SignetConfigurationException(
                $"log {origin}: the database holds a tree of {size} entries but the log published a checkpoint of {published.Size}: " +
                "the database is older than the tiles (restored from an older backup?); restore the database that goes with them, " +
                "since signing again would give published indices to other entries (a split view)");
        }

        if (published.Size == size && committed is not null && !published.RootHash.AsSpan().SequenceEqual(committed.RootHash))
        {
            throw new SignetConfigurationException(
                $"log {origin}: the database's tree of {size} entries has another root than the published checkpoint of that size: " +
                "the database and the tiles are of two different histories");
        }
    }
}
