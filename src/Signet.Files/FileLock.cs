namespace Signet.Files;

/// <summary>
/// An advisory lock on a file that processes sharing a folder take before they write it (exclusive) or read it
/// (shared): .NET takes it with <c>flock(2)</c> on Unix — <see cref="FileShare.None"/> is <c>LOCK_EX</c>, a read-only
/// handle with <see cref="FileShare.Read"/> is <c>LOCK_SH</c>, both non-blocking, so this polls — and with share modes
/// on Windows. The kernel releases it when the process ends: a killed process never leaves it held. Two handles
/// conflict even within one process.
/// </summary>
/// <remarks>
/// Advisory: <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1</c> turns it off. A shared lock on a folder this process may not
/// write (nor create the lock file in) is not taken: a read-only folder can be read, and a process that cannot write it
/// cannot be the writer to wait for.
/// </remarks>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    // errno EWOULDBLOCK (11 on Linux, 35 on macOS) as .NET reports a flock conflict on Unix; ERROR_SHARING_VIOLATION on Windows.
    private static readonly int[] Conflicts = [11, 35, unchecked((int)0x80070020)];

    private readonly FileStream? _file;

    private FileLock(FileStream? file) => _file = file;

    /// <summary>A lock that holds nothing: for a folder that does not exist yet, where there is nothing to guard.</summary>
    public static FileLock None { get; } = new(null);

    /// <summary>
    /// Takes the lock of <paramref name="path"/> (the file is created, empty, when there is none), polling while
    /// another holder's lock conflicts; null when it still does after <paramref name="wait"/>.
    /// </summary>
    /// <param name="path">The lock file; its folder must exist.</param>
    /// <param name="exclusive">True to write what it guards, false to read it.</param>
    /// <param name="wait">How long to wait for a conflicting holder.</param>
    /// <param name="waiting">Told once, when a conflicting holder makes this one start to wait.</param>
    /// <param name="cancellationToken">Stops the wait (<see cref="OperationCanceledException"/>).</param>
    public static FileLock? TryAcquire(string path, bool exclusive, TimeSpan wait, Action? waiting, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        var told = false;
        while (true)
        {
            if (TryOpen(path, exclusive, out var file))
            {
                return new FileLock(file);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
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

    // True with the lock held (or, for a read of a folder this process cannot write, with none to hold); false while a
    // conflicting lock is held.
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
            file = null;
            return true;
        }
    }
}
