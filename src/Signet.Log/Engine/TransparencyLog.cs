using Signet.Log.Storage;
using Signet.Log.Telemetry;

namespace Signet.Log.Engine;

/// <summary>
/// One transparency log engine over a <see cref="ILogDatabase"/> and an <see cref="ITileStore"/>: a
/// <see cref="Writer"/> (batched, durable, de-duplicated appends), a <see cref="Publisher"/> (the background
/// integration loop that writes tiles, signs and publishes checkpoints), and a <see cref="Reader"/> (entries, tiles,
/// proofs, look-ups within the published tree). The engine knows leaves and tiles only; a personality (Rekor, RFC 6962
/// CT) decides what an entry means, how it is searched and what its API returns, through these three seams.
/// </summary>
public sealed class TransparencyLog : IAsyncDisposable
{
    private readonly LogWriter _writer;
    private readonly CheckpointPublisher _publisher;

    private TransparencyLog(ILogDatabase database, ITileStore tiles, ICheckpointSigner signer, LogOptions options, TimeProvider time)
    {
        Options = options;
        var cache = new TileCache(options.TileCacheBytes);
        _publisher = new CheckpointPublisher(database, tiles, signer, options, time, cache);
        _writer = new LogWriter(database, _publisher, options, time);
        Reader = new LogReader(database, database, tiles, _publisher, cache);
        var publication = _publisher.Publication;
        LogTelemetry.Track(this, () => publication.Latest is { } latest ? (options.Origin, latest.Size) : null);
    }

    /// <summary>The settings the log was opened with.</summary>
    public LogOptions Options { get; }

    /// <summary>Appends entries and waits for their publication.</summary>
    public ILogWriter Writer => _writer;

    /// <summary>The published checkpoints.</summary>
    public ICheckpointPublisher Publisher => _publisher;

    /// <summary>Reads what the published checkpoints cover.</summary>
    public ILogReader Reader { get; }

    /// <summary>The integration loop's current run of failed rounds, if any: what a host's readiness is told.</summary>
    public IntegrationHealth Integration => _publisher.Health;

    /// <summary>Called with failures of the background integrator (it retries) and of checkpoint-file writes.</summary>
    public event Action<Exception>? BackgroundError
    {
        add => _publisher.BackgroundError += value;
        remove => _publisher.BackgroundError -= value;
    }

    /// <summary>Called with the number of failed rounds when the background loop succeeds again after failures.</summary>
    public event Action<int>? BackgroundRecovered
    {
        add => _publisher.BackgroundRecovered += value;
        remove => _publisher.BackgroundRecovered -= value;
    }

    /// <summary>Opens a log and waits until its first checkpoint is published (the empty tree for a new log). The
    /// caller keeps ownership of <paramref name="database"/> and disposes it after the log.</summary>
    /// <param name="database">Sequencing, integration state and indexes (SQLite or PostgreSQL).</param>
    /// <param name="tiles">Where tiles, entry bundles and the checkpoint file are written.</param>
    /// <param name="signer">Signs checkpoints; its origin must be <see cref="LogOptions.Origin"/>.</param>
    /// <param name="options">The log's settings, validated here.</param>
    /// <param name="time">The clock of integrated times, batching and timeouts.</param>
    /// <param name="cancellationToken">Stops waiting for the first checkpoint.</param>
    /// <exception cref="Core.SignetConfigurationException">The database is behind, or of another history than, the
    /// checkpoint the log already published (<see cref="PublishedCheckpointCheck"/>).</exception>
    public static async Task<TransparencyLog> OpenAsync(ILogDatabase database, ITileStore tiles, ICheckpointSigner signer, LogOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (signer.Origin != options.Origin)
        {
            throw new ArgumentException($"the checkpoint signer signs for '{signer.Origin}', not the log '{options.Origin}'", nameof(signer));
        }

        await PublishedCheckpointCheck.CheckAsync(database, tiles, options.Origin, cancellationToken).ConfigureAwait(false);
        var log = new TransparencyLog(database, tiles, signer, options, time);
        return await CheckpointPublisher.FirstPublicationAsync(log, log.Publisher, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sequences what the writer accepted, stops the integration loop and writes the newest checkpoint file.
    /// The database and tile store stay open.</summary>
    public async ValueTask DisposeAsync()
    {
        LogTelemetry.Forget(this);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _publisher.DisposeAsync().ConfigureAwait(false);
    }
}
