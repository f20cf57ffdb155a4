using Signet.Core;
using Signet.Files;

namespace Signet.Tuf.Client;

/// <summary>
/// The lock of a trust store folder, <c>DIR/trust-store.lock</c> (a <see cref="FileLock"/>): held exclusively while
/// the store is initialised, cleared or updated, and shared while it is read. Processes that share one store (parallel
/// CI steps, <c>make -j</c> over <c>signet verify</c>, a fresh container's first commands) then take turns: no process
/// clears or rewrites the files another is writing or reading, so none sees a half-written store (a new timestamp with
/// the old snapshot, a target whose metadata is not written yet).
/// </summary>
internal static class TrustStoreLock
{
    /// <summary>The lock file's name in the store folder; <see cref="TrustRootStore.Clear"/> leaves it.</summary>
    public const string FileName = "trust-store.lock";

    /// <summary>How long a process waits for another to finish with the store: more than one slow update (each of its
    /// requests may take a minute) and less than a CI step's patience.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(3);

    /// <summary>Takes the lock of the store in <paramref name="directory"/>, waiting up to <paramref name="wait"/>.</summary>
    /// <param name="directory">The store folder (created for an exclusive lock).</param>
    /// <param name="exclusive">True to write the store, false to read it.</param>
    /// <param name="wait">How long to wait for another process that holds it.</param>
    /// <param name="waiting">Told once when this one starts to wait.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="TufException"><see cref="TufErrorCode.StoreBusy"/>: still held after <paramref name="wait"/>.</exception>
    public static FileLock Acquire(string directory, bool exclusive, TimeSpan wait, Action? waiting, CancellationToken cancellationToken)
    {
        if (!exclusive && !Directory.Exists(directory))
        {
            return FileLock.None; // nothing to read yet; the read reports the store as absent
        }

        var path = Path.Combine(directory, FileName);
        FileLock? held;
        try
        {
            if (exclusive)
            {
                Directory.CreateDirectory(directory);
            }

            held = FileLock.TryAcquire(path, exclusive, wait, waiting, cancellationToken);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // A home folder this user cannot write (a container's arbitrary user, HOME=/): say what to set, not .NET's
            // "Access to the path '/.signet' is denied".
            throw new SignetConfigurationException(
                $"the TUF trust store {directory} cannot be written ({e.Message}); set SIGNET_TUF_CACHE (or HOME) to a folder this user can write, "
                + "or give the trust material as files (--trusted-root, and --signing-config to sign)", e);
        }

        return held ?? throw new TufException(TufErrorCode.StoreBusy,
            $"{directory}: another process has been {(exclusive ? "using" : "updating")} this trust store for more than " +
            $"{wait.TotalSeconds:0} s (it holds {path}); try again when it is done");
    }
}
