using Signet.Core.Keys;
using Signet.Log.Engine;
using Signet.Tuf.Client;
using Signet.Tuf.Metadata;
using Signet.Tuf.Repository;

namespace Signet.Server.Tuf;

/// <summary>
/// Keeps the served TUF repository (<c>DATA/tuf</c>) fresh: re-signs timestamp and snapshot with the online key before
/// half their validity has run out. If the data directory has no repository yet, it creates a development one whose
/// root/targets key (<c>DATA/keys/tuf-root.pem</c>) and online key (<c>DATA/keys/tuf-online.pem</c>) live on this
/// machine, publishing <c>DATA/trusted_root.json</c> and <c>DATA/signing_config.v0.2.json</c> as targets, and
/// republishing them when they change. A repository made with <c>signet tuf init</c> (offline keys) is only refreshed.
/// </summary>
public sealed partial class TufRepositoryService(SignetServerOptions options, TimeProvider time, ILogger<TufRepositoryService> logger)
    : BackgroundService
{
    private static readonly string[] ServedTargets = [TrustRootStore.TrustedRootTarget, TrustRootStore.SigningConfigTarget];
    private readonly Lock _gate = new();
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _changed = new(0, 1);
    private FileSystemWatcher? _watcher;

    // --tuf-online-key: opened once at start (a token's key keeps its session), used for every re-signing.
    private SigningKey? _operatorOnlineKey;

    public string RepositoryDirectory => options.PathOf("tuf");

    public string PublishedDirectory => Path.Combine(RepositoryDirectory, "published");

    private string RootKeyPath => options.PathOf("keys", "tuf-root.pem");

    private string OnlineKeyPath => options.PathOf("keys", "tuf-online.pem");

    /// <summary>One pass: create or update the development repository if that is ours to do, then refresh.</summary>
    public void SyncNow()
    {
        lock (_gate)
        {
            // Front ends sharing the data directory each run this service, and the author may run signet tuf on it:
            // one writer at a time across processes, so none stages or signs while another rewrites the files. The
            // folder is made first: the pass that creates the repository must hold the lock too.
            Directory.CreateDirectory(RepositoryDirectory);
            using var repositoryLock = TufRepository.Lock(RepositoryDirectory, null, CancellationToken.None);
            if (!File.Exists(Path.Combine(RepositoryDirectory, "repository.json")))
            {
                if (!File.Exists(options.PathOf(TrustRootStore.TrustedRootTarget)))
                {
                    return; // nothing to distribute yet
                }

                CreateDevelopmentRepository();
            }

            var repo = TufRepository.Open(RepositoryDirectory, time);
            using var fromRepository = _operatorOnlineKey is null ? repo.LoadOnlineKey() ?? throw new Signet.Core.SignetConfigurationException($"the TUF repository {RepositoryDirectory} names no online key") : null;
            var online = _operatorOnlineKey ?? fromRepository!;
            if (File.Exists(RootKeyPath) && repo.PublishedRoot() is not null)
            {
                using var rootKey = SigningKey.FromPem(File.ReadAllText(RootKeyPath), RootKeyPath);
                PublishOwnRoles(repo, rootKey, online);
            }
            else
            {
                // An authored repository: its root and targets keys are offline, so only its author can renew them.
                foreach (var (role, expires) in repo.OfflineRolesDue())
                {
                    LogOfflineRoleDue(logger, role, expires);
                }
            }

            var result = repo.Refresh(online);
            if (result.TimestampRenewed)
            {
                LogRefreshed(logger, result.TimestampVersion, result.SnapshotVersion);
            }
        }
    }

    /// <summary>Runs the first pass before the server accepts requests, so the repository is there from the start.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The server (re)writes DATA/trusted_root.json and signing_config.v0.2.json once it listens: publish at once.
        Directory.CreateDirectory(options.DataDirectory);
        if (options.TufOnlineKey is { } key)
        {
            // Opened before anything else: a key that does not open stops the start (exit 5), not a later refresh.
            _operatorOnlineKey = ServerKeys.OpenSigningKey(key, "--tuf-online-key");
            RequireListedOnlineKey(_operatorOnlineKey);
        }

        RequireReadableKeyFiles();
        _watcher = new FileSystemWatcher(options.DataDirectory);
        _watcher.Changed += (_, e) => Signal(e.Name);
        _watcher.Created += (_, e) => Signal(e.Name);
        _watcher.Renamed += (_, e) => Signal(e.Name);
        _watcher.EnableRaisingEvents = true;
        TrySync();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// An existing repository's root names the keys of snapshot and timestamp (TUF §4.3): metadata signed by any
    /// other key is refused by every client, so a <c>--tuf-online-key</c> the root does not list stops the start.
    /// </summary>
    private void RequireListedOnlineKey(SigningKey key)
    {
        if (!File.Exists(Path.Combine(RepositoryDirectory, "repository.json"))
            || TufRepository.Open(RepositoryDirectory, time).PublishedRoot() is not { } root)
        {
            return;
        }

        foreach (var role in (string[])["snapshot", "timestamp"])
        {
            var listed = root.Roles.TryGetValue(role, out var r) ? r.KeyIds : [];
            if (!listed.Any(id => root.Keys.TryGetValue(id, out var k) && k.Key is { } v && v.SpkiDer.AsSpan().SequenceEqual(key.PublicKey.SpkiDer)))
            {
                throw new Signet.Core.SignetConfigurationException(
                    $"--tuf-online-key: the TUF repository's root (version {root.Version}) does not list this key for {role} "
                    + $"(it lists {string.Join(", ", listed.Select(id => id[..Math.Min(16, id.Length)]))}); give that key, or rotate the root to this one (signet tuf rotate-root --online-key)");
            }
        }
    }

    /// <summary>
    /// The keys this service signs with are read once at start, as the log's and the CA's are: a key file that does not
    /// parse stops the start with its path (a format error, exit 3), instead of failing every refresh in the log.
    /// </summary>
    private void RequireReadableKeyFiles()
    {
        if (File.Exists(RootKeyPath))
        {
            using var root = SigningKey.FromPem(File.ReadAllText(RootKeyPath), RootKeyPath);
        }

        if (_operatorOnlineKey is not null)
        {
            return;
        }

        if (File.Exists(Path.Combine(RepositoryDirectory, "repository.json")))
        {
            // The repository names where its online key lives (signet tuf init / rotate-root may have put it elsewhere).
            using var online = TufRepository.Open(RepositoryDirectory, time).LoadOnlineKey();
        }
        else if (File.Exists(OnlineKeyPath))
        {
            using var online = SigningKey.FromPem(File.ReadAllText(OnlineKeyPath), OnlineKeyPath);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Otherwise wake every 30 s: the online roles renew at half their validity.
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(TimeSpan.FromSeconds(30), time, wake.Token);
            var changed = _changed.WaitAsync(wake.Token);
            await Task.WhenAny(delay, changed).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            stoppingToken.ThrowIfCancellationRequested();
            if (changed.IsCompletedSuccessfully)
            {
                // The server writes trusted_root.json and then signing_config.v0.2.json (each fsync'd): let the second
                // land before publishing, so one targets version carries both. File events happen in real time, hence
                // a real delay, not the TimeProvider's; the second file's signal is covered by this pass.
                await Task.Delay(SettleTime, stoppingToken).ConfigureAwait(false);
                _ = _changed.Wait(0, CancellationToken.None);
            }

            TrySync();
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
        _operatorOnlineKey?.Dispose();
        base.Dispose();
    }

    private void Signal(string? name)
    {
        if (name is not null && ServedTargets.Contains(name, StringComparer.Ordinal) && _changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }

    private void TrySync()
    {
        try
        {
            SyncNow();
        }
        catch (Exception e) when (e is Signet.Core.SignetException or IOException or UnauthorizedAccessException)
        {
            LogFailed(logger, e);
        }
    }

    private void CreateDevelopmentRepository()
    {
        Directory.CreateDirectory(options.PathOf("keys"));
        using var rootKey = KeyFile.LoadOrCreate(RootKeyPath, SigningKey.GenerateEcdsaP256);
        using var ownOnline = _operatorOnlineKey is null ? KeyFile.LoadOrCreate(OnlineKeyPath, SigningKey.GenerateEcdsaP256) : null;
        var online = _operatorOnlineKey ?? ownOnline!;
        var rootRole = new RoleKeys([TufKey.FromVerificationKey(rootKey.PublicKey)], 1);
        var onlineRole = new RoleKeys([TufKey.FromVerificationKey(online.PublicKey)], 1);
        var repo = TufRepository.Init(RepositoryDirectory, new RepositorySettings { OnlineKeyPath = _operatorOnlineKey is null ? OnlineKeyPath : null },
            new Dictionary<string, RoleKeys>
            {
                ["root"] = rootRole,
                ["targets"] = rootRole,
                ["snapshot"] = onlineRole,
                ["timestamp"] = onlineRole,
            }, time);
        repo.Sign("root", rootKey);
        PublishChangedTargets(repo, rootKey, online);
    }

    /// <summary>
    /// Root and targets of the server's own repository: republishes changed targets and renews what is due. The
    /// operator may have staged something of their own with <c>signet tuf</c> (a root rotation not yet signed): then
    /// <see cref="TufRepository.Publish"/> refuses, and the pass still goes on to re-sign timestamp and snapshot, which
    /// must not wait for the operator (clients refuse an expired timestamp, TUF §5.4.4). The staged files stay as they are.
    /// </summary>
    private void PublishOwnRoles(TufRepository repo, SigningKey rootKey, SigningKey online)
    {
        try
        {
            PublishChangedTargets(repo, rootKey, online);
            RenewExpiring(repo, rootKey, online);
        }
        catch (Signet.Core.SignetException e)
        {
            LogOwnRolesNotPublished(logger, e.Message);
        }
    }

    /// <summary>The server's own repository (its root key, which also signs targets, in DATA/keys): renews root and
    /// targets once half of their validity has run out, as the timer does timestamp and snapshot.</summary>
    private void RenewExpiring(TufRepository repo, SigningKey rootKey, SigningKey online)
    {
        var renewed = repo.StageRenewals();
        if (renewed.Count == 0)
        {
            return;
        }

        foreach (var role in renewed)
        {
            repo.Sign(role, rootKey);
        }

        repo.Publish(online);
        LogRenewed(logger, renewed);
    }

    private void PublishChangedTargets(TufRepository repo, SigningKey targetsKey, SigningKey online)
    {
        var changed = false;
        var published = File.Exists(Path.Combine(PublishedDirectory, "targets.json"))
            ? TargetsMetadata.Parse(File.ReadAllBytes(Path.Combine(PublishedDirectory, "targets.json"))).Targets
            : new Dictionary<string, TargetFileInfo>();
        foreach (var name in ServedTargets)
        {
            var path = options.PathOf(name);
            if (!File.Exists(path))
            {
                continue;
            }

            var content = File.ReadAllBytes(path);
            if (published.TryGetValue(name, out var info) && Matches(info, content))
            {
                continue;
            }

            repo.AddTarget(name, content);
            changed = true;
        }

        if (changed || repo.PublishedRoot() is null)
        {
            repo.Sign("targets", targetsKey);
            repo.Publish(online);
        }
    }

    private static bool Matches(TargetFileInfo info, byte[] content)
    {
        try
        {
            info.File.Verify(content, info.Path);
            return true;
        }
        catch (Signet.Tuf.Client.TufException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TUF: re-signed timestamp {Timestamp} (snapshot {Snapshot})")]
    private static partial void LogRefreshed(ILogger logger, long timestamp, long snapshot);

    [LoggerMessage(Level = LogLevel.Information, Message = "TUF: renewed {Roles} (half of their validity had run out)")]
    private static partial void LogRenewed(ILogger logger, IReadOnlyList<string> roles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TUF: {Role}.json expires at {Expires}; its keys are offline: renew it with signet tuf renew, sign and publish, or TUF clients will refuse the repository")]
    private static partial void LogOfflineRoleDue(ILogger logger, string role, DateTimeOffset expires);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TUF: root and targets were not published in this pass ({Reason}); snapshot and timestamp are re-signed all the same")]
    private static partial void LogOwnRolesNotPublished(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "TUF: could not refresh the repository")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
