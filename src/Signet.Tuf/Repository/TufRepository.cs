using Signet.Core;
using Signet.Core.Keys;
using Signet.Tuf.Client;
using Signet.Tuf.Metadata;

namespace Signet.Tuf.Repository;

/// <summary>
/// A TUF repository on disk, authored by offline key holders and served from <c>published/</c>:
/// <list type="bullet">
/// <item><c>repository.json</c>: <see cref="RepositorySettings"/>;</item>
/// <item><c>staged/</c>: root and targets changes being signed, one key holder after another (<see cref="StagedMetadata"/>);</item>
/// <item><c>published/</c>: what a mirror serves (<see cref="PublishedMetadata"/>).</item>
/// </list>
/// Steps the repository's state does not allow throw <see cref="TufRepositoryException"/>.
/// </summary>
public sealed partial class TufRepository
{
    private readonly TimeProvider _time;
    private readonly StagedMetadata _staged;
    private readonly PublishedMetadata _published;

    private TufRepository(string directory, RepositorySettings settings, TimeProvider time)
    {
        Directory = Path.GetFullPath(directory);
        Settings = settings;
        _time = time;
        _staged = new StagedMetadata(Path.Combine(Directory, "staged"));
        _published = new PublishedMetadata(Path.Combine(Directory, "published"));
    }

    public string Directory { get; }

    public RepositorySettings Settings { get; private set; }

    public string PublishedDirectory => _published.Directory;

    private string SettingsPath => Path.Combine(Directory, "repository.json");

    /// <summary>Creates a repository: settings, and version 1 of root and (empty) targets, staged for signing.</summary>
    public static TufRepository Init(string directory, RepositorySettings settings,
        IReadOnlyDictionary<string, RoleKeys> roles, TimeProvider? time = null)
    {
        var repo = new TufRepository(directory, settings, time ?? TimeProvider.System);
        if (File.Exists(repo.SettingsPath))
        {
            throw new TufRepositoryException(TufRepositoryError.AlreadyInitialized, $"{repo.Directory} already holds a TUF repository");
        }

        System.IO.Directory.CreateDirectory(repo.Directory);
        FileSystemTufCache.WriteAtomically(repo.SettingsPath, settings.ToJson());
        repo._staged.Write("root.json", repo.BuildRoot(1, roles));
        repo._staged.Write("targets.json", MetadataBodies.Targets(1, repo.Expires("targets"), new Dictionary<string, TufFileInfo>()));
        return repo;
    }

    /// <summary>The lock file every writer of a repository holds (<see cref="Lock"/>); it is not published.</summary>
    public const string LockFileName = "repository.lock";

    /// <summary>
    /// Takes the repository's lock (<c>DIR/repository.lock</c>, a <see cref="Files.FileLock"/>) for a step that writes
    /// it: the author's <c>signet tuf</c> commands and <c>signet serve</c>'s re-signing take turns, so a timestamp
    /// re-signed while the author publishes never names a snapshot the publication replaced.
    /// </summary>
    /// <param name="directory">The repository folder. While it does not exist there is nothing to guard and nothing is
    /// created (a step that needs a repository reports it missing; <see cref="Init"/> creates it).</param>
    /// <param name="waiting">Told once when another process holds it and this one starts to wait.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="TufRepositoryException"><see cref="TufRepositoryError.Busy"/>: held for more than a minute.</exception>
    public static Files.FileLock Lock(string directory, Action? waiting, CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return Files.FileLock.None;
        }

        var path = Path.Combine(directory, LockFileName);
        var wait = TimeSpan.FromMinutes(1);
        return Files.FileLock.TryAcquire(path, exclusive: true, wait, waiting, cancellationToken)
            ?? throw new TufRepositoryException(TufRepositoryError.Busy,
                $"{Path.GetFullPath(directory)}: another process has held this repository for more than {wait.TotalSeconds:0} s (it holds {path}); try again when it is done");
    }

    public static TufRepository Open(string directory, TimeProvider? time = null)
    {
        var path = Path.Combine(directory, "repository.json");
        if (!File.Exists(path))
        {
            throw new TufRepositoryException(TufRepositoryError.NotInitialized,
                $"{Path.GetFullPath(directory)} holds no TUF repository (run signet tuf init)");
        }

        return new TufRepository(directory, RepositorySettings.Parse(File.ReadAllBytes(path)), time ?? TimeProvider.System);
    }

    /// <summary>The online key named in the settings, or null.</summary>
    public SigningKey? LoadOnlineKey()
    {
        if (Settings.OnlineKeyPath is null)
        {
            return null;
        }

        var path = Path.IsPathRooted(Settings.OnlineKeyPath) ? Settings.OnlineKeyPath : Path.Combine(Directory, Settings.OnlineKeyPath);
        return SigningKey.FromPem(File.ReadAllText(path), path);
    }

    /// <summary>Records where the online key now lives (after a rotation of the snapshot/timestamp key).</summary>
    public void SetOnlineKeyPath(string path)
    {
        Settings = Settings with { OnlineKeyPath = Path.GetFullPath(path) };
        FileSystemTufCache.WriteAtomically(SettingsPath, Settings.ToJson());
    }

    /// <summary>The newest published root, or null before the first publish.</summary>
    public RootMetadata? PublishedRoot() => _published.Root();

    /// <summary>The newest published targets, or null before the first publish.</summary>
    public TargetsMetadata? PublishedTargets() => _published.Targets();

    /// <summary>The staged root if one is being signed, else the newest published one.</summary>
    public RootMetadata CurrentRoot() =>
        _staged.Read("root.json") is { } staged ? RootMetadata.Parse(staged, "staged root.json")
            : PublishedRoot() ?? throw new TufRepositoryException(TufRepositoryError.NotPublished, "the repository has no root");

    /// <summary>Adds or replaces a target; stages a new targets.json version, unsigned (its content changed).</summary>
    public TufFileInfo AddTarget(string targetPath, ReadOnlySpan<byte> content)
    {
        ValidateTargetPath(targetPath);
        var current = _staged.Read("targets.json") is { } staged ? TargetsMetadata.Parse(staged, "staged targets.json") : _published.Targets();
        var info = TufFileInfo.Of(content);
        var list = new Dictionary<string, TufFileInfo>(StringComparer.Ordinal);
        foreach (var (path, t) in current?.Targets ?? new Dictionary<string, TargetFileInfo>())
        {
            list[path] = t.File;
        }

        list[targetPath] = info;
        _staged.WriteTarget(targetPath, content);
        _staged.Write("targets.json", MetadataBodies.Targets(_published.TargetsVersion() + 1, Expires("targets"), list));
        return info;
    }

    /// <summary>
    /// Stages root version N+1 (rotation): the roles in <paramref name="changes"/> get new keys/thresholds, the others
    /// keep theirs; the expiry is renewed. Version N+1 must then be signed by a threshold of version N's root keys
    /// and a threshold of its own (TUF §5.3.4, §5.3.6).
    /// </summary>
    public long RotateRoot(IReadOnlyDictionary<string, RoleKeys> changes)
    {
        RequireNotStaged("root");

        var current = PublishedRoot() ?? throw new TufRepositoryException(TufRepositoryError.NotPublished, "publish the first root before rotating it");
        var roles = new Dictionary<string, RoleKeys>(StringComparer.Ordinal);
        foreach (var name in RootMetadata.TopLevelRoles)
        {
            roles[name] = changes.TryGetValue(name, out var change)
                ? change
                : new RoleKeys(current.Roles[name].KeyIds.Select(id => current.Keys[id]).ToList(), current.Roles[name].Threshold);
        }

        var version = current.Version + 1;
        _staged.Write("root.json", BuildRoot(version, roles));
        return version;
    }

    /// <summary>
    /// Adds one key holder's signature to the staged <paramref name="role"/> file (root or targets). A root key may be
    /// of the new root or of the one before it (both thresholds must be met). Returns the signing key id.
    /// </summary>
    public string Sign(string role, SigningKey key)
    {
        var file = role is "root" or "targets"
            ? _staged.Read($"{role}.json") ?? throw new TufRepositoryException(TufRepositoryError.NothingStaged, $"no staged {role}.json to sign (nothing changed)")
            : throw new ArgumentException($"only root and targets are signed offline; snapshot and timestamp use the online key", nameof(role));
        var keyId = TufKey.FromVerificationKey(key.PublicKey).ComputeKeyId();
        var allowed = role == "root"
            ? RootMetadata.Parse(file, "staged root.json").Roles["root"].KeyIds.Concat(PublishedRoot()?.Roles["root"].KeyIds ?? [])
            : CurrentRoot().Roles["targets"].KeyIds;
        if (!allowed.Contains(keyId, StringComparer.Ordinal))
        {
            throw new TufRepositoryException(TufRepositoryError.KeyNotInRole, $"key {keyId} is not a {role} key of this repository");
        }

        _staged.Write($"{role}.json", MetadataEnvelope.Sign(file, key, $"staged {role}.json").File);
        return keyId;
    }

    /// <summary>
    /// Publishes staged root and targets once their thresholds are met (checked exactly as a client would), then signs
    /// new snapshot and timestamp with the online key. Files are written in the order root, targets, snapshot,
    /// timestamp, so a client never sees a timestamp naming a snapshot that is not there yet.
    /// </summary>
    public PublishResult Publish(SigningKey onlineKey)
    {
        var stagedRoot = _staged.Read("root.json");
        var stagedTargets = _staged.Read("targets.json");
        var previous = PublishedRoot();
        var root = previous;
        if (stagedRoot is not null)
        {
            var next = RootMetadata.Parse(stagedRoot, "staged root.json");
            if (previous is not null)
            {
                previous.VerifyRole("root", next.Envelope, $"{next.Version}.root.json (keys of version {previous.Version})");
            }

            next.VerifyRole("root", next.Envelope, $"{next.Version}.root.json (its own keys)");
            root = next;
        }

        if (root is null)
        {
            throw new TufRepositoryException(TufRepositoryError.NotPublished, "the repository has no root to publish");
        }

        TargetsMetadata? targets = null;
        if (stagedTargets is not null)
        {
            targets = TargetsMetadata.Parse(stagedTargets, "staged targets.json");
            root.VerifyRole("targets", targets.Envelope, $"{targets.Version}.targets.json");
        }
        else if (_published.TargetsVersion() == 0)
        {
            throw new TufRepositoryException(TufRepositoryError.NotPublished, "targets.json has never been signed and published");
        }

        OnlineRoles.CheckKey(root, onlineKey);
        if (stagedRoot is not null)
        {
            _published.PublishRoot(root.Version, stagedRoot);
            _staged.Delete("root.json");
        }

        if (targets is not null)
        {
            _published.PublishTargets(targets, stagedTargets!, _staged);
            _staged.Delete("targets.json");
            _staged.DeleteTargets();
        }

        var published = OnlineRoles.Sign(_published, Settings, _time.GetUtcNow(), root, onlineKey, renewSnapshot: true, renewTimestamp: true);
        Telemetry.TufTelemetry.RecordSigned(published);
        return published;
    }

    /// <summary>
    /// Re-signs timestamp (and snapshot) with the online key when less than half of their validity is left, or always
    /// when <paramref name="force"/>. This is what <c>signet serve</c> runs on a timer.
    /// </summary>
    public PublishResult Refresh(SigningKey onlineKey, bool force = false)
    {
        var root = PublishedRoot() ?? throw new TufRepositoryException(TufRepositoryError.NotPublished, "nothing is published yet");
        OnlineRoles.CheckKey(root, onlineKey);
        var now = _time.GetUtcNow();
        var (timestamp, snapshot) = _published.OnlineRoles();
        var renewSnapshot = force || snapshot is null || snapshot.Envelope.Expires - now < Settings.SnapshotExpiry / 2;
        var renewTimestamp = force || renewSnapshot || timestamp is null || timestamp.Envelope.Expires - now < Settings.TimestampExpiry / 2;
        var refreshed = OnlineRoles.Sign(_published, Settings, now, root, onlineKey, renewSnapshot, renewTimestamp);
        Telemetry.TufTelemetry.RecordSigned(refreshed);
        return refreshed;
    }

    /// <summary>When the published timestamp or snapshot next needs re-signing (half their validity), or null.</summary>
    public DateTimeOffset? NextRefreshDue()
    {
        var (timestamp, snapshot) = _published.OnlineRoles();
        if (timestamp is null || snapshot is null)
        {
            return null;
        }

        var t = timestamp.Envelope.Expires - Settings.TimestampExpiry / 2;
        var s = snapshot.Envelope.Expires - Settings.SnapshotExpiry / 2;
        return t < s ? t : s;
    }

    private byte[] BuildRoot(long version, IReadOnlyDictionary<string, RoleKeys> roles)
    {
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        var tufRoles = new Dictionary<string, TufRole>(StringComparer.Ordinal);
        foreach (var name in RootMetadata.TopLevelRoles)
        {
            if (!roles.TryGetValue(name, out var role))
            {
                throw new ArgumentException($"root: no keys for the {name} role");
            }

            role.Validate(name);
            var ids = role.Keys.Select(k => k.ComputeKeyId()).ToList();
            foreach (var (id, key) in ids.Zip(role.Keys))
            {
                keys[id] = key;
            }

            tufRoles[name] = new TufRole(ids, role.Threshold);
        }

        return MetadataBodies.Root(version, Expires("root"), Settings.ConsistentSnapshot, keys, tufRoles);
    }

    private static void ValidateTargetPath(string path)
    {
        // TUF §4.5: target paths are relative, '/'-separated; refuse anything that could climb out of targets/.
        if (path.Length == 0 || path.Length > 255 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal)
            || path.Split('/').Any(p => p is "" or "." or ".."))
        {
            throw new SignetFormatException($"target path \"{path}\" is not a relative path like trusted_root.json");
        }
    }

    private DateTimeOffset Expires(string role) => Settings.ExpiresAt(role, _time.GetUtcNow());
}
