using System.Text;
using System.Text.Json;
using Signet.Tuf.Json;

namespace Signet.Tuf.Client;

/// <summary>
/// Signet's local trust root: a TUF cache (<see cref="FileSystemTufCache"/>) bound to one mirror, from which verify and
/// sign commands take <c>trusted_root.json</c> and <c>signing_config.v0.2.json</c>. <c>signet trust init</c> creates it,
/// <c>signet trust update</c> runs the TUF workflow, and every other command reads it offline
/// (<see cref="LoadCachedTarget"/>): signatures, hashes and expiry are checked again on each read.
/// </summary>
public sealed class TrustRootStore(string directory)
{
    /// <summary>The trusted root's name: Sigstore's TUF target, and the file <c>signet serve</c> writes.</summary>
    public const string TrustedRootTarget = "trusted_root.json";

    /// <summary>The signing config's name: Sigstore's TUF target, and the file <c>signet serve</c> writes.</summary>
    public const string SigningConfigTarget = "signing_config.v0.2.json";

    /// <summary><c>$SIGNET_TUF_CACHE</c>, else <c>~/.signet/tuf</c> (<see cref="UserFolder"/>).</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("SIGNET_TUF_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(UserFolder, "tuf");

    /// <summary>
    /// <c>~/.signet</c>, where Signet keeps per-user state by default (the TUF trust store, log monitors' state). .NET
    /// gives an empty home folder when <c>HOME</c> names a folder that does not exist, and a relative one when it is
    /// relative; either is a configuration error here, so the state never lands in whatever the working directory is
    /// (a checkout, a build folder).
    /// </summary>
    /// <exception cref="Signet.Core.SignetConfigurationException">The home folder is empty or not an absolute path.</exception>
    public static string UserFolder
    {
        get
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.IsPathFullyQualified(home)
                ? Path.Combine(home, ".signet")
                : throw new Signet.Core.SignetConfigurationException(
                    $"no usable home folder (HOME '{Environment.GetEnvironmentVariable("HOME")}' is unset, not an existing folder or not an absolute path): " +
                    "set HOME, or SIGNET_TUF_CACHE / --tuf-cache / --state to a folder for Signet's state");
        }
    }

    public FileSystemTufCache Cache { get; } = new(directory);

    public bool IsInitialized => File.Exists(MirrorFile) && Cache.ReadMetadata("root") is not null;

    /// <summary>The mirror this store was initialised with.</summary>
    public Uri Mirror
    {
        get
        {
            if (!File.Exists(MirrorFile))
            {
                throw new TufException(TufErrorCode.NotInitialized, $"{Cache.Directory}: no trust root here (run signet trust init)");
            }

            using var doc = TufJson.Parse(File.ReadAllBytes(MirrorFile), "mirror.json");
            return new Uri(TufJson.String(doc.RootElement, "mirror", "mirror.json"));
        }
    }

    private string MirrorFile => Path.Combine(Cache.Directory, "mirror.json");

    private string LastUpdateFile => Path.Combine(Cache.Directory, "last-update.json");

    /// <summary>When the last <see cref="UpdateAsync(ITufRemote, TimeProvider?, CancellationToken)"/> completed (null if never): how fresh the cache is.</summary>
    public DateTimeOffset? LastUpdate
    {
        get
        {
            if (!File.Exists(LastUpdateFile))
            {
                return null;
            }

            // Only ever makes the cache look stale (an update is then due), so a damaged file is treated as absent.
            try
            {
                using var doc = TufJson.Parse(File.ReadAllBytes(LastUpdateFile), "last-update.json");
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("updated", out var u)
                    && u.ValueKind == JsonValueKind.String && u.TryGetDateTimeOffset(out var t)
                    ? t
                    : null;
            }
            catch (Signet.Core.SignetFormatException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Starts trusting <paramref name="rootJson"/> for <paramref name="mirror"/> (TUF §5.2: the root must be signed
    /// by a threshold of its own keys). Any earlier state of this store is dropped.
    /// </summary>
    public void Initialize(Uri mirror, byte[] rootJson, DateTimeOffset now)
    {
        using (Lock(exclusive: true, CancellationToken.None))
        {
            InitializeLocked(mirror, rootJson, now);
        }
    }

    /// <summary>
    /// Drops this store's state (metadata, targets, mirror, last update). Only what the store wrote is removed: the
    /// folder may be one the user chose and hold other files.
    /// </summary>
    public void Clear()
    {
        using (Lock(exclusive: true, CancellationToken.None))
        {
            ClearLocked();
        }
    }

    /// <summary>
    /// Told when another process holds the store's lock and this one starts waiting for it (a command says so on
    /// stderr, so that the wait does not look like a hang).
    /// </summary>
    public event Action? Waiting;

    /// <summary>How long to wait for another process that holds the store (<see cref="TrustStoreLock"/>).</summary>
    public TimeSpan LockWait { get; init; } = TrustStoreLock.DefaultWait;

    /// <summary>Takes the store's lock: exclusive to write it, shared to read it.</summary>
    internal Files.FileLock Lock(bool exclusive, CancellationToken cancellationToken) =>
        TrustStoreLock.Acquire(Cache.Directory, exclusive, LockWait, Waiting, cancellationToken);

    /// <summary><see cref="Initialize"/> with the exclusive lock held: the root is checked (TUF §5.2) before anything is cleared.</summary>
    internal void InitializeLocked(Uri mirror, byte[] rootJson, DateTimeOffset now)
    {
        _ = new TrustedMetadataSet(rootJson, now);
        ClearLocked();
        Cache.WriteMetadata("root", rootJson);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("mirror", mirror.AbsoluteUri);
            w.WriteEndObject();
        }

        FileSystemTufCache.WriteAtomically(MirrorFile, buffer.ToArray());
    }

    /// <summary><see cref="Clear"/> with the exclusive lock held.</summary>
    internal void ClearLocked()
    {
        foreach (var folder in new[] { Cache.MetadataDirectory, Cache.TargetsDirectory })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        foreach (var file in new[] { MirrorFile, LastUpdateFile })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Runs the TUF workflow against the mirror and fetches the Sigstore targets it lists.</summary>
    public async Task<TufRefreshResult> UpdateAsync(ITufRemote remote, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        using (Lock(exclusive: true, cancellationToken))
        {
            return await UpdateLockedAsync(remote, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the TUF workflow against the store's mirror, read with the lock held (so a store another process
    /// re-initialises meanwhile is updated from the mirror it now names); <paramref name="connect"/> makes its remote.
    /// </summary>
    public async Task<TufRefreshResult> UpdateAsync(Func<Uri, ITufRemote> connect, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connect);
        using (Lock(exclusive: true, cancellationToken))
        {
            return await UpdateLockedAsync(connect(Mirror), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="Initialize"/> then <see cref="UpdateAsync(ITufRemote, TimeProvider?, CancellationToken)"/> as one step
    /// of the store's lock: no other process sees the store between the two (only the root, no targets yet).
    /// </summary>
    public async Task<TufRefreshResult> InitializeAndUpdateAsync(Uri mirror, byte[] rootJson, Func<Uri, ITufRemote> connect,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connect);
        using (Lock(exclusive: true, cancellationToken))
        {
            InitializeLocked(mirror, rootJson, (time ?? TimeProvider.System).GetUtcNow());
            return await UpdateLockedAsync(connect(mirror), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><see cref="UpdateAsync(ITufRemote, TimeProvider?, CancellationToken)"/> with the exclusive lock held.</summary>
    internal async Task<TufRefreshResult> UpdateLockedAsync(ITufRemote remote, TimeProvider? time, CancellationToken cancellationToken)
    {
        time ??= TimeProvider.System;
        var started = time.GetUtcNow();
        var updater = new TufUpdater(remote, Cache, TufClientOptions.Default, time);
        var result = await updater.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await updater.GetTargetAsync(TrustedRootTarget, cancellationToken).ConfigureAwait(false);
        if (updater.Trusted.Targets!.Targets.ContainsKey(SigningConfigTarget))
        {
            await updater.GetTargetAsync(SigningConfigTarget, cancellationToken).ConfigureAwait(false);
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("updated", started);
            w.WriteEndObject();
        }

        FileSystemTufCache.WriteAtomically(LastUpdateFile, buffer.ToArray());
        return result;
    }

    /// <summary>
    /// Reads a target from the cache without any network (offline use): the cached metadata chain must still verify
    /// and be unexpired at <paramref name="now"/>, and the file must match targets.json.
    /// </summary>
    public byte[] LoadCachedTarget(string targetPath, DateTimeOffset now)
    {
        using (Lock(exclusive: false, CancellationToken.None))
        {
            return LoadCachedTargetLocked(targetPath, now);
        }
    }

    /// <summary><see cref="LoadCachedTarget"/> with a lock held.</summary>
    internal byte[] LoadCachedTargetLocked(string targetPath, DateTimeOffset now)
    {
        var updater = new TufUpdater(null, Cache, TufClientOptions.Default, new FixedTime(now));
        LoadFromCache(updater);
        return updater.GetTargetAsync(targetPath).GetAwaiter().GetResult();
    }

    /// <summary>The cached <c>trusted_root.json</c> (what <c>signet verify</c> uses when no <c>--trusted-root</c> is given).</summary>
    public byte[] LoadCachedTrustedRootJson(DateTimeOffset now) => LoadCachedTarget(TrustedRootTarget, now);

    /// <summary>
    /// The trusted root a verify or sign command should use: the file given with <c>--trusted-root</c> (bypassing
    /// TUF), else the one cached in the default trust store by <c>signet trust update</c>.
    /// </summary>
    public static byte[] LoadTrustedRootJson(string? trustedRootPath, DateTimeOffset now) =>
        trustedRootPath is not null
            ? (trustedRootPath.Length == 0 ? throw new Signet.Core.SignetFormatException("--trusted-root: the file name is empty")
                : Files.BoundedFile.Read(trustedRootPath, Core.Bundles.TrustedRoot.MaxSize))
            : new TrustRootStore(DefaultDirectory).LoadCachedTrustedRootJson(now);

    /// <summary>The cached trust metadata, verified as a chain at <paramref name="now"/>.</summary>
    public TrustedMetadataSet LoadCachedMetadata(DateTimeOffset now)
    {
        using (Lock(exclusive: false, CancellationToken.None))
        {
            return LoadCachedMetadataLocked(now);
        }
    }

    private TrustedMetadataSet LoadCachedMetadataLocked(DateTimeOffset now) =>
        LoadFromCache(new TufUpdater(null, Cache, TufClientOptions.Default, new FixedTime(now)));

    private static TrustedMetadataSet LoadFromCache(TufUpdater updater)
    {
        try
        {
            return updater.LoadFromCache();
        }
        catch (TufException e) when (e.Code == TufErrorCode.Expired)
        {
            throw new TufException(TufErrorCode.Expired, $"cached trust metadata: {e.Message}; run signet trust update", e);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A one-line description of the cached state, for <c>signet trust show</c>.</summary>
    public string Describe(DateTimeOffset now)
    {
        using var held = Lock(exclusive: false, CancellationToken.None);
        var trusted = LoadCachedMetadataLocked(now);
        var text = new StringBuilder();
        text.Append("mirror: ").Append(Mirror.AbsoluteUri).Append('\n');
        text.Append("root: version ").Append(trusted.Root.Version).Append(", expires ").Append(TufJson.FormatExpires(trusted.Root.Envelope.Expires)).Append('\n');
        text.Append("timestamp: version ").Append(trusted.Timestamp!.Version).Append(", expires ").Append(TufJson.FormatExpires(trusted.Timestamp.Envelope.Expires)).Append('\n');
        text.Append("snapshot: version ").Append(trusted.Snapshot!.Version).Append('\n');
        text.Append("targets: version ").Append(trusted.Targets!.Version).Append('\n');
        foreach (var (path, info) in trusted.Targets.Targets.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var cached = Cache.ReadTarget(path) is not null ? "cached" : "not cached";
            text.Append("  ").Append(path).Append(" (").Append(info.File.Length).Append(" bytes, ").Append(cached).Append(")\n");
        }

        return text.ToString();
    }
}
