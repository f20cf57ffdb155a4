namespace Signet.Tuf.Client;

/// <summary>
/// The advisory lock of a trust store folder, <c>DIR/trust-store.lock</c>: held exclusively while the store is
/// initialised, cleared or updated, and shared while it is read. Processes that share one store (parallel CI steps,
/// <c>make -j</c> over <c>signet verify</c>, a fresh container's first commands) then take turns: no process clears or
/// rewrites the files another is writing or reading, so none sees a half-written store (a new timestamp with the old
/// snapshot, a target whose metadata is not written yet).
/// </summary>
/// <remarks>
/// .NET takes the lock with <c>flock(2)</c> on Unix — <see cref="FileShare.None"/> is <c>LOCK_EX</c>, a read-only
/// handle with <see cref="FileShare.Read"/> is <c>LOCK_SH</c>, both non-blocking — and with share modes on Windows.
/// The kernel releases it when the process ends, so a killed process never leaves the store locked. It is advisory:
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1</c> turns it off, and so does a folder this process may not write (a
/// store baked read-only into an image can only be read, and is read without it).
/// </remarks>
internal sealed class TrustStoreLock : IDisposable
{
    /// <summary>The lock file's name in the store folder; <see cref="TrustRootStore.Clear"/> leaves it.</summary>
    public const string FileName = "trust-store.lock";

    /// <summary>How long a process waits for another to finish with the store: more than one slow update (each of its
    /// requests may take a minute) and less than a CI step's patience.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    // errno EWOULDBLOCK (11 on Linux, 35 on macOS) as .NET reports a flock conflict on Unix; ERROR_SHARING_VIOLATION on Windows.
    private static readonly int[] Conflicts = [11, 35, unchecked((int)0x80070020)];

    private readonly FileStream? _file;

    private TrustStoreLock(FileStream? file) => _file = file;

    /// <summary>
    /// Takes the lock of <paramref name="directory"/>, polling while another process holds it.
    /// </summary>
    /// <param name="directory">The store folder (created for an exclusive lock).</param>
    /// <param name="exclusive">True to write the store, false to read it.</param>
    /// <param name="wait">How long to wait before giving up.</param>
    /// <param name="waiting">Told once when the lock is held by another process and this one starts to wait.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="TufException"><see cref="TufErrorCode.StoreBusy"/>: still held after <paramref name="wait"/>.</exception>
    public static TrustStoreLock Acquire(string directory, bool exclusive, TimeSpan wait, Action? waiting, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        if (exclusive)
        {
            Directory.CreateDirectory(directory);
        }
        else if (!Directory.Exists(directory))
        {
            return new TrustStoreLock(null); // nothing to read yet; the read reports the store as absent
        }

        var deadline = DateTime.UtcNow + wait;
        var told = false;
        while (true)
        {
            if (TryOpen(path, exclusive, out var file))
            {
                return new TrustStoreLock(file);
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TufException(TufErrorCode.StoreBusy,
                    $"{directory}: another process has been {(exclusive ? "using" : "updating")} this trust store for more than " +
                    $"{wait.TotalSeconds:0} s (it holds {path}); try again when it is done");
            }

            if (!told)
            {
                told = true;
                waiting?.Invoke();
            }

            if (cancellationToken.WaitHandle.WaitOne(Poll))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file?.Dispose();

    // True with the lock held (or, for a read of a folder this process cannot write, with no lock to hold); false while
    // another process holds a conflicting one.
    private static bool TryOpen(string path, bool exclusive, out FileStream? file)
    {
        try
        {
            file = exclusive
                ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.Read);
            return true;
        }
        catch (IOException e) when (Array.IndexOf(Conflicts, e.HResult) >= 0)
        {
            file = null;
            return false;
        }
        catch (Exception e) when (!exclusive && e is UnauthorizedAccessException or IOException)
        {
            file = null; // a read-only store: no writer of this process's kind can change it
            return true;
        }
    }
}
