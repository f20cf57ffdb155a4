using Signet.Core;
using Signet.Log.Engine;
using Signet.Log.Postgres;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Server;

/// <summary>
/// One log engine with its storage, as every personality of this server runs it. Embedded: the database
/// (<c>DIR/&lt;name&gt;.db</c>, SQLite) and the tile store (<c>DIR/tiles/</c>: tiles, entry bundles, checkpoint) under
/// a directory. With a PostgreSQL connection string, <em>all</em> of the log's state is in that database (sequencing,
/// indexes, integration, tiles, bundles, checkpoint: <see cref="PostgresTileStore"/>) under the log's table name, and the
/// front end is stateless apart from its keys, so any number of them serve one log. Failures of the background
/// integration are logged (<see cref="BackgroundFailureLog"/>: once, then once a minute while they repeat). Disposing closes the engine, then the database.
/// </summary>
internal sealed partial class LogInstance(ILogDatabase database, ITileStore tiles, TransparencyLog log) : IAsyncDisposable
{
    /// <summary>The engine: writer, publisher, reader.</summary>
    public TransparencyLog Log { get; } = log;

    /// <summary>Where the engine's tiles live (a personality may keep its own immutable objects beside them).</summary>
    public ITileStore Tiles { get; } = tiles;

    /// <summary>Whether the log's state is in a database other front ends share (PostgreSQL).</summary>
    public bool IsShared => database is PostgresSequencer;

    /// <summary>Opens the log's storage and the engine over it, and waits for the first published checkpoint.</summary>
    /// <param name="directory">The embedded log's directory (unused with PostgreSQL).</param>
    /// <param name="databaseName">The SQLite file's name and, with PostgreSQL, the log's table name ("log" is the
    /// default log's tables, <c>signet_*</c>; any other name <c>signet_&lt;name&gt;_*</c>).</param>
    /// <param name="postgresConnectionString">Null for the embedded log.</param>
    /// <param name="signer">Signs checkpoints.</param>
    /// <param name="options">The engine's settings.</param>
    /// <param name="time">The engine's clock.</param>
    /// <param name="logger">Receives integration failures.</param>
    /// <param name="cancellationToken">Stops the opening.</param>
    public static async Task<LogInstance> OpenAsync(
        string directory, string databaseName, string? postgresConnectionString, ICheckpointSigner signer, LogOptions options,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ILogDatabase database;
        ITileStore tiles;
        var embeddedPath = Path.Combine(directory, databaseName + ".db");
        var marker = Path.Combine(directory, PostgresMarker);
        if (postgresConnectionString is { } cs)
        {
            await RefuseEmbeddedHistoryAsync(embeddedPath, options.Origin, cancellationToken).ConfigureAwait(false);
            var shared = await PostgresSequencer.OpenAsync(cs, databaseName == "log" ? "" : databaseName, cancellationToken).ConfigureAwait(false);
            database = shared;
            tiles = shared.Tiles;
            try
            {
                await PrepareSharedAsync(shared, directory, marker, options.Origin, time, logger, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await shared.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        else
        {
            if (File.Exists(marker) && !File.Exists(embeddedPath))
            {
                throw new SignetConfigurationException(
                    $"log {options.Origin}: its state is in PostgreSQL ({marker}); start with --log-postgres, since an embedded log here would sign another history with the same keys");
            }

            Directory.CreateDirectory(directory);
            database = await SqliteSequencer.OpenAsync(embeddedPath, cancellationToken).ConfigureAwait(false);
            tiles = new FileTileStore(Path.Combine(directory, "tiles"));
        }

        try
        {
            var log = await TransparencyLog.OpenAsync(database, tiles, signer, options, time, cancellationToken).ConfigureAwait(false);
            var failures = new BackgroundFailureLog(logger, $"log {options.Origin}: integration", time);
            log.BackgroundError += failures.Failed;
            log.BackgroundRecovered += failures.Recovered;
            return new LogInstance(database, tiles, log);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Before a shared log opens: the checkpoint an earlier version published from the data directory, the note
    /// that the log's state is in PostgreSQL, and the clocks.</summary>
    private static async Task PrepareSharedAsync(
        PostgresSequencer shared, string directory, string marker, string origin, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        // Versions before b8ada2b kept a shared log's tiles, its published checkpoint too, in the data directory: a
        // database restored from an older backup at the upgrade must not sign over what that checkpoint published.
        if (File.Exists(Path.Combine(directory, "tiles", PublishedCheckpointCheck.Path)))
        {
            await PublishedCheckpointCheck.CheckAsync(shared, new FileTileStore(Path.Combine(directory, "tiles")), origin, cancellationToken).ConfigureAwait(false);
        }

        // Once PostgreSQL holds this log (not before: a connection string that fails leaves the directory as it was).
        Directory.CreateDirectory(directory);
        if (!File.Exists(marker))
        {
            await File.WriteAllTextAsync(marker, "This log's state is in PostgreSQL (signet serve --log-postgres); it is served only with that option.\n", cancellationToken).ConfigureAwait(false);
        }

        await WarnOfClockOffsetAsync(shared, origin, time, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The file beside a log's keys that says its state is in PostgreSQL: without <c>--log-postgres</c> that
    /// front end would open an empty embedded log and sign a second history with the same keys.</summary>
    public const string PostgresMarker = "postgresql";

    /// <summary>
    /// A log that has entries in its embedded database (<c>DIR/&lt;name&gt;.db</c>) does not start over in PostgreSQL: it
    /// would sign an empty tree and then other entries at the same indices with the same keys, a second history beside
    /// the one its clients' bundles prove. (The CA's CT log, which earlier versions kept embedded even with
    /// <c>--log-postgres</c>, is moved first: <see cref="Ca.EmbeddedCtLogMove"/>.)
    /// </summary>
    private static async Task RefuseEmbeddedHistoryAsync(string embeddedPath, string origin, CancellationToken cancellationToken)
    {
        if (!File.Exists(embeddedPath))
        {
            return;
        }

        ulong size;
        await using (var embedded = await SqliteSequencer.OpenAsync(embeddedPath, cancellationToken).ConfigureAwait(false))
        {
            size = await embedded.GetSequencedSizeAsync(cancellationToken).ConfigureAwait(false);
        }

        if (size > 0)
        {
            throw new SignetConfigurationException(
                $"log {origin}: {embeddedPath} holds its {size} entries; with --log-postgres it would start another history in PostgreSQL "
                + "with the same keys (a split view). Serve it without --log-postgres; an embedded log does not move into PostgreSQL");
        }
    }

    /// <summary>Front ends sharing a log must agree on the time within <see cref="MaxClockOffset"/>: one issues a
    /// certificate (notBefore, whole seconds), another logs its signature (integrated time, whole seconds) or time-stamps
    /// it, and a verifier requires those times inside the certificate's validity — so a front end whose clock is off by
    /// more makes bundles that intermittently fail to verify. The database's clock is the one they all reach.</summary>
    public static readonly TimeSpan MaxClockOffset = TimeSpan.FromSeconds(1);

    private static async Task WarnOfClockOffsetAsync(PostgresSequencer database, string origin, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var (offset, uncertainty) = await database.MeasureClockOffsetAsync(time, cancellationToken).ConfigureAwait(false);
        if (offset.Duration() - uncertainty > MaxClockOffset)
        {
            LogClockOffset(logger, origin, -offset.TotalSeconds, MaxClockOffset.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "log {Origin}: this front end's clock is {Offset:+0.0;-0.0} s off PostgreSQL's: front ends sharing a log must agree within {Max} s "
        + "(a certificate's notBefore, an entry's integrated time and a timestamp come from different machines, in whole seconds, and a verifier requires them in order); set the clocks right (NTP)")]
    private static partial void LogClockOffset(ILogger logger, string origin, double offset, double max);

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync().ConfigureAwait(false);
        await database.DisposeAsync().ConfigureAwait(false);
    }
}
