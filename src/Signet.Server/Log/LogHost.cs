using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signet.Log.Engine;
using Signet.Log.Postgres;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Server.Log;

/// <summary>
/// Opens the log when the server starts (storage driver, key, origin) and closes it on shutdown. Layout:
/// <c>DIR/log/log.db</c> (SQLite, unless PostgreSQL is configured), <c>DIR/log/tiles/</c> (tiles, entry bundles,
/// checkpoint), <c>DIR/log/origin</c> (the log name, fixed at first start), <c>DIR/keys/log-ed25519.pem</c> (checkpoints,
/// Rekor v2) and <c>DIR/keys/log-ecdsa-p256.pem</c> (Rekor v1 log ID and signed entry timestamps, checkpoint co-signature).
/// </summary>
public sealed partial class LogHost(SignetServerOptions options, LogServerOptions logOptions, TimeProvider time, ILogger<LogHost> logger) : IHostedService
{
    private TransparencyLog? _log;
    private ISequencer? _sequencer;

    public TransparencyLog Log => _log ?? throw new InvalidOperationException("the log is not open");

    /// <summary>The Ed25519 checkpoint key; its C2SP key hash is the Rekor v2 log ID.</summary>
    public LogKey Key { get; private set; } = null!;

    /// <summary>The ECDSA P-256 key of the Rekor v1 API (log ID = SHA-256 of its SPKI).</summary>
    public RekorV1Key V1Key { get; private set; } = null!;

    public LogServerOptions Settings => logOptions;

    /// <summary>Rekor v1 tree ID: a positive 63-bit number derived from the log ID (stable for the log's life).</summary>
    public long TreeId { get; private set; }

    /// <summary>Thread-pool floor while the log runs: its durability path blocks pool threads in fsync (SQLite
    /// commits, the parallel tile fsyncs), and below this floor the pool adds threads only slowly, which stalls
    /// requests behind the disk (measured with bench/Signet.LogLoad).</summary>
    private const int MinPoolThreads = 64;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinPoolThreads), io);
        var dir = options.PathOf("log");
        Directory.CreateDirectory(dir);
        var origin = LogOrigin.Resolve(Path.Combine(dir, "origin"), options);
        Key = LogKey.LoadOrCreate(options.PathOf("keys"), origin);
        V1Key = RekorV1Key.LoadOrCreate(options.PathOf("keys"), origin);
        TreeId = (long)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(V1Key.LogId) & long.MaxValue);
        _sequencer = options.LogPostgresConnectionString is { } cs
            ? await PostgresSequencer.OpenAsync(cs, cancellationToken).ConfigureAwait(false)
            : await SqliteSequencer.OpenAsync(Path.Combine(dir, "log.db"), cancellationToken).ConfigureAwait(false);
        var tiles = new FileTileStore(Path.Combine(dir, "tiles"));
        var signer = new CosignedCheckpointSigner(Key, V1Key.NoteSigner);
        _log = await TransparencyLog.OpenAsync(_sequencer, tiles, signer, logOptions.Engine with { Origin = origin }, time, cancellationToken).ConfigureAwait(false);
        _log.BackgroundError += ex => LogIntegrationFailure(logger, ex);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_log is not null)
        {
            await _log.DisposeAsync().ConfigureAwait(false);
            _log = null;
        }

        if (_sequencer is not null)
        {
            await _sequencer.DisposeAsync().ConfigureAwait(false);
            _sequencer = null;
        }

        Key?.Dispose();
        V1Key?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "log integration failed; retrying")]
    private static partial void LogIntegrationFailure(ILogger logger, Exception ex);
}

/// <summary>Settings of the log endpoints and engine.</summary>
public sealed record LogServerOptions
{
    /// <summary>Largest request body of the log's write endpoints (issue default: 128 KiB).</summary>
    public int MaxEntryRequestBytes { get; init; } = 128 * 1024;

    /// <summary>Engine settings; <see cref="LogOptions.Origin"/> is replaced by the resolved origin.</summary>
    public LogOptions Engine { get; init; } = new() { Origin = "unset" };
}

/// <summary>The log's name is fixed at first start (its key ID depends on it) and kept in <c>DIR/log/origin</c>.</summary>
internal static class LogOrigin
{
    public static string Resolve(string file, SignetServerOptions options)
    {
        var stored = File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        var wanted = options.LogOrigin ?? stored ?? Default(options);
        if (stored is not null && stored != wanted)
        {
            throw new InvalidOperationException($"the log at {Path.GetDirectoryName(file)} is named '{stored}', not '{wanted}'; a log cannot be renamed");
        }

        if (stored is null)
        {
            File.WriteAllText(file, wanted + "\n");
        }

        return wanted;
    }

    /// <summary>The public URL's host[:port] (sigstore-js matches a checkpoint's key name against the log's base
    /// URL), else the listen address (port 0 is resolved before the log opens, see <see cref="SignetServer.Build"/>).</summary>
    private static string Default(SignetServerOptions options)
    {
        if (options.PublicUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u))
        {
            return u.IsDefaultPort ? u.Host : $"{u.Host}:{u.Port}";
        }

        if (options.Listen.EndsWith(":0", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the log cannot be named after port 0; bind the listen address first");
        }

        return options.Listen;
    }
}
