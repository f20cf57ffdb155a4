using Signet.Files;

namespace Signet.Tuf.Client;

/// <summary>A Sigstore target read through the local trust store, and how current it is.</summary>
/// <param name="Data">The target's bytes, checked against the trusted targets metadata.</param>
/// <param name="StaleWarning">Set when the mirror could not be reached and the still-unexpired cache was used.</param>
public sealed record CachedTarget(byte[] Data, string? StaleWarning);

/// <summary>
/// The trust root a verify or sign command uses when no <c>--trusted-root</c> is given, with sigstore-go's cache
/// semantics (<c>pkg/tuf</c> <c>Client</c>, <c>CacheValidity</c> of one day):
/// <list type="bullet">
/// <item>no trust store yet: it is bootstrapped from the embedded root of the default mirror (what
/// <c>signet trust init</c> does without arguments) and updated over the network;</item>
/// <item>a store updated less than <see cref="CacheValidity"/> ago whose metadata is unexpired: used offline, no request;</item>
/// <item>otherwise: a TUF update first. If the mirror cannot be reached, the cached metadata is still used while it
/// verifies and is unexpired (TUF §5.4.4 and §5.5.6: expiry bounds how long a frozen view can be trusted), with a
/// warning; an expired or absent cache fails closed with one line naming <c>signet trust init</c>/<c>update</c> and
/// <c>--trusted-root</c>.</item>
/// </list>
/// A refused update (rollback, bad signature, ...) is never papered over by the cache: its error is what the caller sees.
/// </summary>
public sealed class CachedTrustRoot
{
    private readonly TrustRootStore _store;
    private readonly Func<Uri, ITufRemote> _connect;
    private readonly TimeProvider _time;

    /// <param name="store">The local trust store.</param>
    /// <param name="connect">Makes the remote for a mirror URL (HTTP in the tool).</param>
    /// <param name="bootstrapMirror">Mirror trusted when the store is empty (Sigstore public good in the tool).</param>
    /// <param name="bootstrapRoot">Its embedded initial root.json.</param>
    /// <param name="time">The clock every expiry is judged by.</param>
    public CachedTrustRoot(TrustRootStore store, Func<Uri, ITufRemote> connect, Uri bootstrapMirror, byte[] bootstrapRoot, TimeProvider? time = null)
    {
        _store = store;
        _connect = connect;
        BootstrapMirror = bootstrapMirror;
        BootstrapRoot = bootstrapRoot;
        _time = time ?? TimeProvider.System;
    }

    public Uri BootstrapMirror { get; }

    public byte[] BootstrapRoot { get; }

    /// <summary>How long after an update the cache is used without asking the mirror (sigstore-go's default: one day).</summary>
    public TimeSpan CacheValidity { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The trusted <c>trusted_root.json</c>.</summary>
    public Task<CachedTarget> TrustedRootAsync(CancellationToken cancellationToken = default) =>
        GetAsync(TrustRootStore.TrustedRootTarget, cancellationToken);

    /// <summary>The trusted <c>signing_config.v0.2.json</c>.</summary>
    public Task<CachedTarget> SigningConfigAsync(CancellationToken cancellationToken = default) =>
        GetAsync(TrustRootStore.SigningConfigTarget, cancellationToken);

    /// <summary>A target of the trust store, updating it first when it is empty, stale or lacks the target.</summary>
    /// <remarks>
    /// The bootstrap and the update run under the store's exclusive lock (<see cref="TrustStoreLock"/>), and whether
    /// they are due is judged again once it is held: of several processes that find the store empty or stale at once,
    /// the first updates it and the others, having waited, read what it wrote.
    /// </remarks>
    public async Task<CachedTarget> GetAsync(string targetPath, CancellationToken cancellationToken = default)
    {
        if (_store.IsInitialized && IsFresh(_time.GetUtcNow()) && TryLoad(() => _store.LoadCachedTarget(targetPath, _time.GetUtcNow())) is { } fresh)
        {
            return new CachedTarget(fresh, null);
        }

        FileLock held;
        try
        {
            held = _store.Lock(exclusive: true, cancellationToken);
        }
        catch (Signet.Core.SignetConfigurationException unwritable) when (_store.IsInitialized)
        {
            // A store this user cannot write (baked into a read-only image, owned by another user) cannot be updated:
            // used as it is while its metadata is unexpired, as when the mirror cannot be reached; else the refusal.
            if (TryLoad(() => _store.LoadCachedTarget(targetPath, _time.GetUtcNow())) is not { } cached)
            {
                throw;
            }

            return new CachedTarget(cached,
                $"the trust store {_store.Cache.Directory} cannot be written, so it was not refreshed ({unwritable.InnerException?.Message}); using it as it is, updated {_store.LastUpdate:u}");
        }

        using var _ = held;
        var now = _time.GetUtcNow();
        var bootstrapped = false;
        if (!_store.IsInitialized)
        {
            _store.InitializeLocked(BootstrapMirror, BootstrapRoot, now);
            bootstrapped = true;
        }
        else if (IsFresh(now) && TryLoad(() => _store.LoadCachedTargetLocked(targetPath, now)) is { } updated)
        {
            return new CachedTarget(updated, null); // another process updated the store while this one waited
        }

        var mirror = _store.Mirror;
        try
        {
            await _store.UpdateLockedAsync(_connect(mirror), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            var reason = e.Message.ReplaceLineEndings(" ");

            // The option that names the file this target would have given instead.
            var bypass = targetPath == TrustRootStore.SigningConfigTarget ? "--signing-config FILE" : "--trusted-root FILE";
            if (_store.Cache.ReadMetadata("timestamp") is null)
            {
                if (bootstrapped)
                {
                    _store.ClearLocked(); // a failed first use leaves no half-made store behind
                }

                throw new TufException(TufErrorCode.NotInitialized,
                    $"no trust root yet, and the TUF mirror {mirror} could not be reached ({reason}): " +
                    $"run signet trust init when online (or with --mirror and --root for another instance), or pass {bypass}", e);
            }

            try
            {
                var cached = _store.LoadCachedTargetLocked(targetPath, now);
                return new CachedTarget(cached,
                    $"could not refresh the trust root from {mirror} ({reason}); using the cached one, updated {_store.LastUpdate:u}");
            }
            catch (TufException stale)
            {
                throw new TufException(stale.Code,
                    $"{stale.Message}; the TUF mirror {mirror} could not be reached ({reason}): run signet trust update when online, or pass {bypass}",
                    e);
            }
        }

        return new CachedTarget(_store.LoadCachedTargetLocked(targetPath, now), null);
    }

    private bool IsFresh(DateTimeOffset now) =>
        _store.LastUpdate is { } last && last <= now && now - last < CacheValidity;

    private static byte[]? TryLoad(Func<byte[]> load)
    {
        try
        {
            return load();
        }
        catch (TufException e) when (e.Code != TufErrorCode.StoreBusy)
        {
            return null; // expired, or the target not cached yet: an update is due
        }
        catch (Signet.Core.SignetFormatException)
        {
            return null; // a damaged cache file: the update starts again from the trusted root
        }
    }

    private static bool IsUnreachable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
