using Signet.Core;
using Signet.Core.Notes;
using Signet.Log.Engine;
using Signet.Log.Rekor;
using Signet.Log.Witnessing;

namespace Signet.Server.Log;

/// <summary>
/// Opens the Rekor log when the server starts (keys, origin, storage, engine, the v1 and v2 APIs) and closes it on
/// shutdown. Layout: <c>DIR/log/log.db</c> (SQLite) and <c>DIR/log/tiles/</c> (tiles, entry bundles, checkpoint), both
/// in the database instead when PostgreSQL is configured; <c>DIR/log/origin</c> (the log name, fixed at first start), <c>DIR/keys/log-ed25519.pem</c>
/// (checkpoints, Rekor v2) and <c>DIR/keys/log-ecdsa-p256.pem</c> (Rekor v1 log ID and signed entry timestamps,
/// checkpoint co-signature). <c>DIR/log/log.vkey</c> holds the checkpoint key as a signed-note verifier key, as witnesses
/// are configured with it. With <c>--witness</c>, checkpoints are submitted to the witnesses and served with the
/// cosignatures collected (<see cref="WitnessedCheckpoints"/>).
/// </summary>
public sealed partial class LogHost(SignetServerOptions options, LogServerOptions logOptions, TimeProvider time, ILogger<LogHost> logger)
    : IHostedService, IAsyncDisposable, Health.IReadinessCheck
{
    private LogInstance? _instance;
    private WitnessedCheckpoints? _witnessed;
    private HttpClient? _witnessHttp;
    private RekorKeys? _keys;
    private RekorV1Api? _v1;
    private RekorV2Api? _v2;
    private Trust.KeyWindowGate[] _gates = [];

    /// <summary>The engine (its reader serves the tlog-tiles paths).</summary>
    public TransparencyLog Log => _instance?.Log ?? throw new InvalidOperationException("the log is not open");

    /// <summary>The log's keys: Ed25519 checkpoint key (Rekor v2 log ID), Rekor v1 key, tree ID.</summary>
    public RekorKeys Keys => _keys ?? throw new InvalidOperationException("the log is not open");

    /// <summary>The checkpoints the log serves: the engine's, or with witnesses, those carrying their cosignatures.</summary>
    public ICheckpointPublisher Checkpoints => (ICheckpointPublisher?)_witnessed ?? Log.Publisher;

    /// <summary>The log's side of witnessing, when witnesses are configured.</summary>
    public WitnessedCheckpoints? Witnessed => _witnessed;

    /// <summary>The Rekor v1 API.</summary>
    public RekorV1Api V1 => _v1 ?? throw new InvalidOperationException("the log is not open");

    /// <summary>The Rekor v2 API's writes.</summary>
    public RekorV2Api V2 => _v2 ?? throw new InvalidOperationException("the log is not open");

    /// <summary>Request limits and engine settings.</summary>
    public LogServerOptions Settings => logOptions;

    /// <summary>Thread-pool floor while the log runs: its durability path blocks pool threads in fsync (SQLite
    /// commits, the parallel tile fsyncs), and below this floor the pool adds threads only slowly, which stalls
    /// requests behind the disk (measured with bench/Signet.LogLoad).</summary>
    private const int MinPoolThreads = 64;

    /// <summary>Loads (or creates) the keys and opens the log.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinPoolThreads), io);
        var dir = options.PathOf("log");
        Directory.CreateDirectory(dir);
        var origin = LogOrigin.Resolve(Path.Combine(dir, "origin"), options);
        var v1 = options.LogKey is { } logKey ? OperatorKey(logKey, "--log-key", Signet.Core.Keys.SigningAlgorithm.PkixEcdsaP256Sha256, RekorV1Key.FileName) : null;
        try
        {
            var checkpoint = options.LogCheckpointKey is { } checkpointKey ? OperatorKey(checkpointKey, "--log-checkpoint-key", Signet.Core.Keys.SigningAlgorithm.PkixEd25519, "log-ed25519.pem") : null;
            _keys = RekorKeys.LoadOrCreate(options.PathOf("keys"), origin, v1, checkpoint);
        }
        catch
        {
            v1?.Dispose();
            throw;
        }

        AddRetiredV1Keys(_keys.V1);
        if (File.Exists(Path.Combine(dir, Rotation.KeyRotation.TreeIdFile)))
        {
            // The v1 key was rotated (signet serve --rotate log): the tree, and so its ID, is the one it had before.
            _keys.KeepTree(long.Parse(File.ReadAllText(Path.Combine(dir, Rotation.KeyRotation.TreeIdFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }

        _instance = await LogInstance.OpenAsync(dir, "log", options.LogPostgresConnectionString, _keys.CheckpointSigner,
            logOptions.Engine with { Origin = origin }, time, logger, cancellationToken).ConfigureAwait(false);
        File.WriteAllText(Path.Combine(dir, "log.vkey"), _keys.Checkpoint.VerifierKey + "\n");
        if (options.Witnesses.Count > 0)
        {
            // One client for all witnesses.
            _witnessHttp = HttpWitnessClient.CreateHttpClient(options.Witnessing.RequestTimeout);
            var connections = options.Witnesses.Select(w => new WitnessConnection(w, new HttpWitnessClient(_witnessHttp, w.Url))).ToList();
            _witnessed = new WitnessedCheckpoints(Log.Publisher, Log.Reader, connections, options.Witnessing, time, logOptions.Engine.MaxWaitingWrites);
            _witnessed.SubmissionFailed += (w, ex) => LogWitnessFailure(logger, w.Name, w.Url, ex.Message);
        }

        // Each API writes while its key's window in the trusted root is open at the server's clock.
        var (v1From, checkpointFrom) = Trust.LogKeyWindows.Load(options).StartsOf(options, _keys);
        // And while its integration keeps failing, writes are refused at once rather than each held for the publication timeout.
        var writer = new Health.IntegrationGate(Log.Writer, Log.Integration, "the log", options.DataDirectory, time);
        var v1Gate = new Trust.KeyWindowGate(writer, "the log's Rekor v1 key", v1From, time);
        var v2Gate = new Trust.KeyWindowGate(writer, "the log's checkpoint key (Rekor v2)", checkpointFrom, time);
        _gates = [v1Gate, v2Gate];
        _v1 = new RekorV1Api(v1Gate, Log.Reader, _keys, _witnessed);
        _v2 = new RekorV2Api(v2Gate, Log.Reader, _keys, _witnessed);
    }

    /// <summary>Not ready while the integration has failed past <see cref="Health.Readiness.IntegrationFailureThreshold"/>
    /// (entries are sequenced but no checkpoint covers them, so every write waits and times out) or while a key's window
    /// has not opened (its API answers every write 503).</summary>
    IEnumerable<string> Health.IReadinessCheck.NotReady(DateTimeOffset now)
    {
        if (_instance is not { } instance)
        {
            yield return "log: not open";
            yield break;
        }

        if (Health.Readiness.OfIntegration("log", instance.Log.Integration, now, options.DataDirectory) is { } failing)
        {
            yield return failing;
        }

        foreach (var gate in _gates)
        {
            if (gate.Problem(now) is { } problem)
            {
                yield return "log: " + problem;
            }
        }
    }

    /// <summary>
    /// An operator's log key (<c>--log-key</c>: the v1 ECDSA P-256 key; <c>--log-checkpoint-key</c>: the Ed25519 checkpoint
    /// key), its public key kept in <c>DIR/keys/FILE.pub</c> (<see cref="ServerKeys.RecordPublicKey"/>).
    /// </summary>
    private Signet.Core.Keys.SigningKey OperatorKey(string reference, string option, Signet.Core.Keys.SigningAlgorithm algorithm, string fileName)
    {
        var key = ServerKeys.OpenSigningKey(reference, option);
        if (key.Algorithm != algorithm)
        {
            key.Dispose();
            throw new Signet.Core.SignetConfigurationException($"{option}: the key must be {Signet.Core.Keys.SigningAlgorithms.ToRegistryName(algorithm)}, not {Signet.Core.Keys.SigningAlgorithms.ToRegistryName(key.Algorithm)}");
        }

        ServerKeys.RecordPublicKey(options, fileName, key.PublicKey.ToPem());
        return key;
    }

    /// <summary>
    /// The log's v1 keys before each <c>--rotate log</c>, so that the v1 API serves an entry with the SET and log ID of
    /// the key it was logged under (<see cref="RekorV1Key.SignerAt"/>): each key file that may be a retired one (the
    /// server's own, renamed <c>log-ecdsa-p256.pem.retired-STAMP</c>; an operator's <c>--log-key</c> file and the
    /// <c>NAME.STAMP.pem</c> files rotations made beside it) is used when its log ID is a closed window of the retired
    /// trusted root, until that window's end. In a PKCS#11 token the same: the operator's <c>--log-key</c> object and the
    /// <c>OBJECT-STAMP</c> pairs each rotation made beside it (<see cref="Rotation.RotatedKeys"/>; a stamp is a closed
    /// window's end), opened with the PIN of the URI given now.
    /// </summary>
    private void AddRetiredV1Keys(RekorV1Key v1)
    {
        var windows = Rotation.RetiredTrust.Load(options).Tlogs
            .Where(t => t.PublicKey.ValidFor?.End is not null)
            .GroupBy(t => Convert.ToHexString(t.LogId), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().PublicKey.ValidFor!.End!.Value, StringComparer.Ordinal);
        if (windows.Count == 0)
        {
            return;
        }

        foreach (var reference in RetiredV1KeyFiles().Concat(RetiredV1TokenKeys(windows.Values)))
        {
            Signet.Core.Keys.SigningKey key;
            try
            {
                key = ServerKeys.OpenSigningKey(reference, "--log-key");
            }
            catch (SignetConfigurationException e)
            {
                LogRetiredKeyUnreadable(logger, ServerKeys.InToken(reference) ? Signet.Pkcs11.Pkcs11Uri.Parse(reference).ToString() : reference, e.Message);
                continue;
            }

            var logId = key.Algorithm == Signet.Core.Keys.SigningAlgorithm.PkixEcdsaP256Sha256
                ? System.Security.Cryptography.SHA256.HashData(key.PublicKey.SpkiDer) : [];
            if (!logId.AsSpan().SequenceEqual(v1.LogId) && windows.TryGetValue(Convert.ToHexString(logId), out var end))
            {
                var hex = Convert.ToHexStringLower(logId);
                v1.AddRetired(key, end.ToUnixTimeSeconds());
                LogRetiredKey(logger, hex, end);
            }
            else
            {
                key.Dispose();
            }
        }
    }

    private IEnumerable<string> RetiredV1KeyFiles()
    {
        var keys = options.PathOf("keys");
        var files = Directory.Exists(keys) ? Directory.GetFiles(keys, RekorV1Key.FileName + ".retired-*").ToList() : [];
        if (Rotation.RotatedKeys.Load(options).Given("--log-key") is { } given && !Signet.Pkcs11.Pkcs11Uri.IsPkcs11(given)
            && Path.GetDirectoryName(given) is { } folder && Directory.Exists(folder))
        {
            files.Add(given);
            files.AddRange(Directory.GetFiles(folder, Path.GetFileNameWithoutExtension(given) + ".*.pem"));
        }

        return files.Where(File.Exists).Distinct(StringComparer.Ordinal);
    }

    /// <summary>The token's keys that were <c>--log-key</c> before a rotation: the key the operator named, and each
    /// <c>OBJECT-STAMP</c> made at a rotation whose time ends a window (the one made last is current, skipped by its log ID).</summary>
    private IEnumerable<string> RetiredV1TokenKeys(IEnumerable<DateTimeOffset> windowEnds)
    {
        if (Rotation.RotatedKeys.Load(options).Given("--log-key") is not { } given || !ServerKeys.InToken(given)
            || options.LogKey is not { } current || !ServerKeys.InToken(current))
        {
            return [];
        }

        // The key first given as it was named (object=, id= or both: a key named by id= alone too), opened with the PIN of
        // the URI given now; the rotations' keys by their labels.
        var named = Signet.Pkcs11.Pkcs11Uri.Parse(given).ObjectLabel;
        return windowEnds.Distinct()
            .Select(end => Signet.Pkcs11.Pkcs11Uri.WithObject(current, $"{named ?? "key"}-{Rotation.KeyRotation.Stamp(end)}"))
            .Prepend(Signet.Pkcs11.Pkcs11Uri.WithKeyOf(current, given));
    }

    /// <summary>Closes the log (what was accepted is sequenced first) and releases the keys.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_witnessed is not null)
        {
            await _witnessed.DisposeAsync().ConfigureAwait(false);
            _witnessed = null;
        }

        _witnessHttp?.Dispose();
        _witnessHttp = null;
        if (_instance is not null)
        {
            await _instance.DisposeAsync().ConfigureAwait(false);
            _instance = null;
        }

        _keys?.Dispose();
        _keys = null;
    }

    /// <summary>Stops the witnessing and closes the log, if <see cref="StopAsync"/> has not.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rekor v1: entries integrated before {End} are served with the SETs of the retired key {LogId}")]
    private static partial void LogRetiredKey(ILogger logger, string logId, DateTimeOffset end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rekor v1: the retired key {Path} was not opened ({Reason}); entries it logged get SETs of the current key, which verifiers refuse")]
    private static partial void LogRetiredKeyUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "witness {Name} ({Url}): submission failed, retrying after a back-off: {Reason}")]
    private static partial void LogWitnessFailure(ILogger logger, string name, Uri url, string reason);
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
        if (stored is not null && !NoteKeyId.IsValidName(stored))
        {
            throw new SignetConfigurationException($"{file} does not hold a log name (non-empty, without spaces or '+'); it was written at the log's first start");
        }

        var wanted = options.LogOrigin ?? stored ?? Default(options);
        if (stored is not null && stored != wanted)
        {
            // The origin is in every checkpoint and in the log's key ID (the Rekor v2 log ID): renaming makes another log.
            throw new SignetConfigurationException($"the log at {Path.GetDirectoryName(file)} is named '{stored}', not '{wanted}'; a log cannot be renamed");
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
