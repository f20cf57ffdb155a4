using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// A read-only front end of a log that other front ends write and integrate (DESIGN.md "Storage and scale": any
/// number of stateless front ends serve reads): it holds no key, never takes the integration lock and never writes a
/// tile; it publishes whatever state the shared store has committed (polling every
/// <see cref="LogOptions.IntegrationPoll"/>) and serves reads within it.
/// </summary>
public sealed class ReadOnlyTransparencyLog : IAsyncDisposable
{
    private readonly CheckpointPublisher _publisher;

    private ReadOnlyTransparencyLog(ILogDatabase database, ITileStore tiles, LogOptions options, TimeProvider time)
    {
        var cache = new TileCache(options.TileCacheBytes);
        _publisher = new CheckpointPublisher(database, tiles, signer: null, options, time, cache);
        Reader = new LogReader(database, database, tiles, _publisher, cache);
    }

    /// <summary>The checkpoints the writing front ends committed, as this one has seen them.</summary>
    public ICheckpointPublisher Publisher => _publisher;

    /// <summary>Reads what those checkpoints cover.</summary>
    public ILogReader Reader { get; }

    /// <summary>Called with failures of reading the committed state (it retries).</summary>
    public event Action<Exception>? BackgroundError
    {
        add => _publisher.BackgroundError += value;
        remove => _publisher.BackgroundError -= value;
    }

    /// <summary>Follows the log in <paramref name="database"/> and <paramref name="tiles"/>, and waits until a
    /// writing front end has committed its first checkpoint. The caller keeps ownership of both stores.</summary>
    /// <param name="database">The shared store (for several hosts, PostgreSQL).</param>
    /// <param name="tiles">The shared tile store.</param>
    /// <param name="options">The log's settings (the origin, the poll interval, the tile cache).</param>
    /// <param name="time">The clock of the polling.</param>
    /// <param name="cancellationToken">Stops waiting for the first checkpoint.</param>
    public static async Task<ReadOnlyTransparencyLog> OpenAsync(ILogDatabase database, ITileStore tiles, LogOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var log = new ReadOnlyTransparencyLog(database, tiles, options, time);
        return await CheckpointPublisher.FirstPublicationAsync(log, log.Publisher, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops following. The stores stay open.</summary>
    public ValueTask DisposeAsync() => _publisher.DisposeAsync();
}
