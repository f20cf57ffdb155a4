using Microsoft.Extensions.Logging;
using Signet.Log.Engine;
using Signet.Log.Postgres;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Server;

/// <summary>
/// One log engine with its storage under a directory, as every personality of this server runs it: the database
/// (<c>DIR/&lt;name&gt;.db</c> with SQLite, or PostgreSQL when a connection string is given), the tile store
/// (<c>DIR/tiles/</c>: tiles, entry bundles, checkpoint) and the engine over them. Failures of the background
/// integration are logged. Disposing closes the engine, then the database.
/// </summary>
internal sealed partial class LogInstance : IAsyncDisposable
{
    private readonly ILogDatabase _database;

    private LogInstance(ILogDatabase database, TransparencyLog log)
    {
        _database = database;
        Log = log;
    }

    /// <summary>The engine: writer, publisher, reader.</summary>
    public TransparencyLog Log { get; }

    /// <summary>Opens the database and tile store under <paramref name="directory"/> and the engine over them, and
    /// waits for the first published checkpoint.</summary>
    public static async Task<LogInstance> OpenAsync(
        string directory, string databaseName, string? postgresConnectionString, ICheckpointSigner signer, LogOptions options,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        ILogDatabase database = postgresConnectionString is { } cs
            ? await PostgresSequencer.OpenAsync(cs, cancellationToken).ConfigureAwait(false)
            : await SqliteSequencer.OpenAsync(Path.Combine(directory, databaseName + ".db"), cancellationToken).ConfigureAwait(false);
        try
        {
            var log = await TransparencyLog.OpenAsync(database, new FileTileStore(Path.Combine(directory, "tiles")), signer, options, time, cancellationToken).ConfigureAwait(false);
            log.BackgroundError += ex => LogIntegrationFailure(logger, options.Origin, ex);
            return new LogInstance(database, log);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync().ConfigureAwait(false);
        await _database.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "log {Origin}: integration failed; retrying")]
    private static partial void LogIntegrationFailure(ILogger logger, string origin, Exception ex);
}
