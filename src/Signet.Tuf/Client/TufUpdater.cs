using Signet.Tuf.Metadata;

namespace Signet.Tuf.Client;

/// <summary>What one refresh did: the trusted versions afterwards and how many files it downloaded.</summary>
public sealed record TufRefreshResult(long RootVersion, long TimestampVersion, long SnapshotVersion, long TargetsVersion,
    bool TimestampWasNew, int Downloads);

/// <summary>
/// The TUF 1.0 client workflow (TUF specification §5) over a remote mirror and a local cache: the I/O around the pure
/// <see cref="TrustedMetadataSet"/>. Each refresh fixes one reference time at its start (§5.1).
/// </summary>
public sealed class TufUpdater
{
    private readonly ITufRemote? _remote;
    private readonly ITufCache _cache;
    private readonly TufClientOptions _options;
    private readonly TimeProvider _time;
    private TrustedMetadataSet? _trusted;
    private int _downloads;

    /// <param name="remote">The mirror; null for offline use of the cache only (<see cref="LoadFromCache"/>).</param>
    /// <param name="cache">Where trusted metadata and targets are kept between runs.</param>
    /// <param name="options">Limits and the update policy; <see cref="TufClientOptions"/> defaults when null.</param>
    /// <param name="time">The clock expiry is checked against; the system clock when null.</param>
    public TufUpdater(ITufRemote? remote, ITufCache cache, TufClientOptions? options = null, TimeProvider? time = null)
    {
        _remote = remote;
        _cache = cache;
        _options = options ?? TufClientOptions.Default;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The metadata trusted after the last <see cref="RefreshAsync"/>.</summary>
    public TrustedMetadataSet Trusted => _trusted ?? throw new InvalidOperationException("call RefreshAsync first");

    /// <summary>
    /// Offline use: trusts the cached root, timestamp, snapshot and targets without any download, checking them as a
    /// refresh would (signatures, versions, hashes, expiry at the current time).
    /// </summary>
    public TrustedMetadataSet LoadFromCache()
    {
        var trusted = new TrustedMetadataSet(
            _cache.ReadMetadata("root") ?? throw new TufException(TufErrorCode.NotInitialized, "no trusted root.json in the local cache (run signet trust init)"),
            _time.GetUtcNow());
        trusted.CheckFinalRoot();
        trusted.UpdateTimestamp(_cache.ReadMetadata("timestamp") ?? throw NotUpdated("timestamp.json"));
        trusted.UpdateSnapshot(_cache.ReadMetadata("snapshot") ?? throw NotUpdated("snapshot.json"), fromCache: true);
        trusted.UpdateTargets(_cache.ReadMetadata("targets") ?? throw NotUpdated("targets.json"));
        _trusted = trusted;
        return trusted;
    }

    /// <summary>Runs §5.2–§5.6: root chain, timestamp, snapshot, targets; persists each admitted file.</summary>
    public async Task<TufRefreshResult> RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await RefreshOnceAsync(cancellationToken).ConfigureAwait(false);
            Telemetry.TufTelemetry.Refreshes.Add(1, new KeyValuePair<string, object?>("signet.tuf.result", "ok"));
            return result;
        }
        catch (Signet.Core.SignetException e)
        {
            Telemetry.TufTelemetry.Refreshes.Add(1, new KeyValuePair<string, object?>("signet.tuf.result", e.ErrorCode));
            throw;
        }
    }

    private async Task<TufRefreshResult> RefreshOnceAsync(CancellationToken cancellationToken)
    {
        _ = _remote ?? throw new InvalidOperationException("an offline updater cannot refresh");
        _downloads = 0;
        var trustedRoot = _cache.ReadMetadata("root")
            ?? throw new TufException(TufErrorCode.NotInitialized, "no trusted root.json in the local cache (run signet trust init)");
        var trusted = new TrustedMetadataSet(trustedRoot, _time.GetUtcNow());
        _trusted = trusted;

        var timestamp = await FetchAsync(_remote.FetchMetadataAsync, "timestamp.json", _options.MaxTimestampLength, cancellationToken).ConfigureAwait(false)
            ?? throw new TufException(TufErrorCode.NotFound, "timestamp.json: the repository does not have it");
        if (RootProbeNeeded(trusted, timestamp))
        {
            await UpdateRootAsync(trusted, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            trusted.CheckFinalRoot();
        }

        var timestampWasNew = UpdateTimestamp(trusted, timestamp);
        await UpdateSnapshotAsync(trusted, cancellationToken).ConfigureAwait(false);
        await UpdateTargetsAsync(trusted, cancellationToken).ConfigureAwait(false);
        return new TufRefreshResult(trusted.Root.Version, trusted.Timestamp!.Version, trusted.Snapshot!.Version,
            trusted.Targets!.Version, timestampWasNew, _downloads);
    }

    /// <summary>
    /// Returns a target file's bytes (TUF §5.7): from the cache when it still matches the trusted targets metadata,
    /// otherwise downloaded (hash-prefixed name with consistent snapshots), checked, and cached.
    /// </summary>
    public async Task<byte[]> GetTargetAsync(string targetPath, CancellationToken cancellationToken = default)
    {
        var trusted = Trusted;
        var info = await FindTargetAsync(targetPath, cancellationToken).ConfigureAwait(false);
        var cached = _cache.ReadTarget(targetPath);
        if (cached is not null && Matches(info, cached))
        {
            return cached;
        }

        if (_remote is null)
        {
            throw new TufException(TufErrorCode.NotFound, $"{targetPath}: not in the local cache, or changed since (run signet trust update)");
        }

        var remotePath = trusted.Root.ConsistentSnapshot ? ConsistentTargetPath(info) : targetPath;
        var data = await FetchAsync(_remote.FetchTargetAsync, remotePath, info.File.Length!.Value, cancellationToken).ConfigureAwait(false)
            ?? throw new TufException(TufErrorCode.NotFound, $"target {targetPath}: the repository does not have {remotePath}");
        info.File.Verify(data, $"target {targetPath}");
        _cache.WriteTarget(targetPath, data);
        return data;
    }

    /// <summary>
    /// Finds a target's trusted length and hashes (TUF §5.6.7): a pre-order depth-first search from the top-level
    /// targets role through the delegations whose paths cover it, loading delegated metadata as needed, stopping at a
    /// terminating delegation, and visiting at most <see cref="TufClientOptions.MaxDelegations"/> roles.
    /// </summary>
    public async Task<TargetFileInfo> FindTargetAsync(string targetPath, CancellationToken cancellationToken = default)
    {
        var trusted = Trusted;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(string Role, string Delegator)>();
        stack.Push(("targets", "root"));
        while (stack.Count > 0 && visited.Count < _options.MaxDelegations)
        {
            var (role, delegator) = stack.Pop();
            if (!visited.Add(role))
            {
                continue;
            }

            var targets = trusted.GetTargets(role) ?? await LoadDelegatedAsync(trusted, role, delegator, cancellationToken).ConfigureAwait(false);
            if (targets.Targets.TryGetValue(targetPath, out var info))
            {
                return info;
            }

            var children = new List<(string, string)>();
            foreach (var child in targets.Delegations?.Roles ?? [])
            {
                if (!child.IsDelegatedPath(targetPath))
                {
                    continue;
                }

                children.Add((child.Name, role));
                if (child.Terminating)
                {
                    stack.Clear();
                    break;
                }
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }

        throw new TufException(TufErrorCode.NotFound, $"target {targetPath}: not listed by targets.json or the roles it delegates to");
    }

    /// <summary>TUF §5.7.2 without delegations: the target as the trusted top-level targets metadata lists it.</summary>
    public static TargetFileInfo FindTarget(TrustedMetadataSet trusted, string targetPath) =>
        trusted.Targets is null
            ? throw new InvalidOperationException("targets metadata is not loaded")
            : trusted.Targets.Targets.TryGetValue(targetPath, out var info)
                ? info
                : throw new TufException(TufErrorCode.NotFound,
                    $"target {targetPath}: not listed in targets.json version {trusted.Targets.Version}");

    private async Task<TargetsMetadata> LoadDelegatedAsync(TrustedMetadataSet trusted, string role, string delegator, CancellationToken cancellationToken)
    {
        TargetsMetadata? loaded = null;
        if (TryLoadCached(() => loaded = trusted.UpdateDelegatedTargets(_cache.ReadMetadata(role) ?? throw Absent(), role, delegator)))
        {
            return loaded!;
        }

        if (_remote is null)
        {
            throw new TufException(TufErrorCode.NotFound, $"{role}.json is not in the local cache (run signet trust update)");
        }

        var meta = trusted.Snapshot!.Meta.TryGetValue($"{role}.json", out var m)
            ? m
            : throw new TufException(TufErrorCode.NotFound, $"snapshot.json does not list {role}.json");
        var escaped = Uri.EscapeDataString(role);
        var name = trusted.Root.ConsistentSnapshot ? $"{meta.Version}.{escaped}.json" : $"{escaped}.json";
        var data = await FetchAsync(_remote.FetchMetadataAsync, name, meta.File.Length ?? _options.MaxTargetsLength, cancellationToken).ConfigureAwait(false)
            ?? throw new TufException(TufErrorCode.NotFound, $"{name}: the repository does not have it");
        var targets = trusted.UpdateDelegatedTargets(data, role, delegator);
        _cache.WriteMetadata(role, data);
        return targets;
    }

    /// <summary>TUF §5.7.3: with consistent snapshots a target is fetched as <c>dir/HASH.name</c>.</summary>
    public static string ConsistentTargetPath(TargetFileInfo info)
    {
        var hash = info.File.Hashes.TryGetValue("sha256", out var h) ? h : info.File.Hashes.Values.First();
        var slash = info.Path.LastIndexOf('/');
        return slash < 0 ? $"{hash}.{info.Path}" : $"{info.Path[..(slash + 1)]}{hash}.{info.Path[(slash + 1)..]}";
    }

    private static bool Matches(TargetFileInfo info, byte[] data)
    {
        try
        {
            info.File.Verify(data, info.Path);
            return true;
        }
        catch (TufException)
        {
            return false;
        }
    }

    private async Task UpdateRootAsync(TrustedMetadataSet trusted, CancellationToken cancellationToken)
    {
        var original = trusted.Root;
        // TUF §5.3.2–§5.3.9: fetch N+1.root.json until the repository has none; at most Y rotations (§5.3.3).
        for (var i = 0; ; i++)
        {
            var name = $"{trusted.Root.Version + 1}.root.json";
            if (i == _options.MaxRootRotations)
            {
                var more = await FetchAsync(_remote!.FetchMetadataAsync, name, _options.MaxRootLength, cancellationToken).ConfigureAwait(false);
                if (more is not null)
                {
                    throw new TufException(TufErrorCode.TooManyRootRotations,
                        $"{name}: more than {_options.MaxRootRotations} root rotations in one update");
                }

                break;
            }

            var data = await FetchAsync(_remote!.FetchMetadataAsync, name, _options.MaxRootLength, cancellationToken).ConfigureAwait(false);
            if (data is null)
            {
                break;
            }

            trusted.UpdateRoot(data);
            _cache.WriteMetadata("root", data);
        }

        trusted.CheckFinalRoot();
        // TUF §5.3.11: if the timestamp or snapshot keys rotated, the cached timestamp and snapshot are no longer a
        // baseline (this is how clients recover from a fast-forward attack).
        if (!ReferenceEquals(original, trusted.Root)
            && (!original.SameRoleKeys(trusted.Root, "timestamp") || !original.SameRoleKeys(trusted.Root, "snapshot")))
        {
            _cache.DeleteMetadata("timestamp");
            _cache.DeleteMetadata("snapshot");
        }
    }

    /// <summary>
    /// Whether this update asks the mirror for <c>N+1.root.json</c> (TUF §5.3.2) before admitting the timestamp it just
    /// fetched. The specification probes on every update; Signet probes unless the mirror's timestamp is byte for byte
    /// the one already trusted, so an update with nothing new costs one request (timestamp.json). Why that keeps the
    /// guarantees of §5:
    /// <list type="bullet">
    /// <item>Freeze (§5.4.4): unchanged. The timestamp's expiry is still judged against this update's start time, and
    /// a mirror that wants to freeze a client can withhold N+1.root.json (answer 404) under the strict rule just as
    /// well; the probe never protected against a malicious mirror, expiry does.</item>
    /// <item>Rollback (§5.4.3, §5.5.5): unchanged. Nothing moves: the timestamp is the trusted one, and every version
    /// check still runs on whatever comes next.</item>
    /// <item>Key revocation (§5.3.11): any timestamp other than the trusted one, including a new version signed with
    /// a revoked (compromised) timestamp key, or one signed with a new key, triggers the probe <em>before</em> it is
    /// admitted, so the newest root's keys judge it, and a rotated timestamp/snapshot key still drops the cached
    /// baseline. New targets or snapshot keys only matter with new targets and snapshot metadata, which come with a
    /// new timestamp. A rotation of the root keys alone is seen at the next new timestamp, at the latest when the
    /// repository re-signs its expiring timestamp; until then the client keeps metadata it has already trusted.</item>
    /// <item>An expired trusted root (§5.3.10) always probes, so a repository that rotated its root is followed.</item>
    /// </list>
    /// <see cref="TufClientOptions.AlwaysProbeRoot"/> restores the strict §5.3 behaviour.
    /// </summary>
    private bool RootProbeNeeded(TrustedMetadataSet trusted, byte[] timestamp) =>
        _options.AlwaysProbeRoot
        || trusted.Root.Envelope.IsExpiredAt(trusted.ReferenceTime)
        || _cache.ReadMetadata("timestamp") is not { } cached
        || !cached.AsSpan().SequenceEqual(timestamp);

    private bool UpdateTimestamp(TrustedMetadataSet trusted, byte[] timestamp)
    {
        // The cached timestamp, if it still verifies, is the rollback baseline (TUF §5.4.3); an expired one still counts.
        TryLoadCached(() => trusted.UpdateTimestamp(_cache.ReadMetadata("timestamp") ?? throw Absent()));
        if (!trusted.UpdateTimestamp(timestamp))
        {
            return false;
        }

        _cache.WriteMetadata("timestamp", timestamp);
        return true;
    }

    private async Task UpdateSnapshotAsync(TrustedMetadataSet trusted, CancellationToken cancellationToken)
    {
        if (TryLoadCached(() => trusted.UpdateSnapshot(_cache.ReadMetadata("snapshot") ?? throw Absent(), fromCache: true)))
        {
            return;
        }

        var timestamp = trusted.Timestamp!;
        var name = trusted.Root.ConsistentSnapshot ? $"{timestamp.SnapshotVersion}.snapshot.json" : "snapshot.json";
        var data = await FetchAsync(_remote!.FetchMetadataAsync, name, timestamp.SnapshotInfo.Length ?? _options.MaxSnapshotLength, cancellationToken).ConfigureAwait(false)
            ?? throw new TufException(TufErrorCode.NotFound, $"{name}: the repository does not have it");
        trusted.UpdateSnapshot(data, fromCache: false);
        _cache.WriteMetadata("snapshot", data);
    }

    private async Task UpdateTargetsAsync(TrustedMetadataSet trusted, CancellationToken cancellationToken)
    {
        if (TryLoadCached(() => trusted.UpdateTargets(_cache.ReadMetadata("targets") ?? throw Absent())))
        {
            return;
        }

        var meta = trusted.TargetsMeta();
        var name = trusted.Root.ConsistentSnapshot ? $"{meta.Version}.targets.json" : "targets.json";
        var data = await FetchAsync(_remote!.FetchMetadataAsync, name, meta.File.Length ?? _options.MaxTargetsLength, cancellationToken).ConfigureAwait(false)
            ?? throw new TufException(TufErrorCode.NotFound, $"{name}: the repository does not have it");
        trusted.UpdateTargets(data);
        _cache.WriteMetadata("targets", data);
    }

    private async Task<byte[]?> FetchAsync(Func<string, long, CancellationToken, Task<byte[]?>> fetch, string name, long maxLength,
        CancellationToken cancellationToken)
    {
        _downloads++;
        var data = await fetch(name, maxLength, cancellationToken).ConfigureAwait(false);
        // The remote must stop reading at the cap; checked again here so no remote can get past it.
        if (data is not null && data.Length > maxLength)
        {
            throw new TufException(TufErrorCode.TooLarge, $"{name}: {data.Length} bytes, more than the cap of {maxLength}");
        }

        return data;
    }

    /// <summary>Offers cached metadata to the trusted set; a missing or no longer valid file is simply not used.</summary>
    private static bool TryLoadCached(Action load)
    {
        try
        {
            load();
            return true;
        }
        catch (TufException)
        {
            return false;
        }
        catch (Signet.Core.SignetFormatException)
        {
            return false;
        }
    }

    private static TufException Absent() => new(TufErrorCode.NotFound, "not cached");

    private static TufException NotUpdated(string file) =>
        new(TufErrorCode.NotInitialized, $"{file} is not in the local cache (run signet trust update)");
}
