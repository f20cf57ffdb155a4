using System.Runtime.InteropServices;
using System.Text;

namespace Signet.Files;

/// <summary>
/// Whole-file writes that survive a crash (POSIX): the bytes go to a temporary file in the target's directory, created
/// with its final mode, which is fsync'd, renamed into place and its directory fsync'd (fsync(2): syncing a file does
/// not make its directory entry durable; rename(2) is atomic but only durable once its directory is synced). Readers
/// see the old file or the new one, never a part; a failure leaves no temporary file behind and throws — a write that
/// could not be made durable is never reported as done. Every key, trust root, cache entry and state file Signet keeps
/// is written here.
/// </summary>
public static partial class DurableFile
{
    /// <summary>The mode of files others may read: <c>0644</c>.</summary>
    public const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The mode of secrets (private keys): <c>0600</c>, set when the file is created so it is never wider.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Replaces <paramref name="path"/> (or creates it) with <paramref name="bytes"/>; its directory must exist.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">Its new content.</param>
    /// <param name="mode">The file's mode on POSIX (ignored on Windows).</param>
    public static void Replace(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode = Readable) => Write(path, bytes, mode, overwrite: true);

    /// <summary>Replaces <paramref name="path"/> (or creates it) with <paramref name="text"/> in UTF-8 (no byte order mark).</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Its new content.</param>
    /// <param name="mode">The file's mode on POSIX (ignored on Windows).</param>
    public static void Replace(string path, string text, UnixFileMode mode = Readable) => Replace(path, Encoding.UTF8.GetBytes(text), mode);

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="bytes"/>, as durably as <see cref="Replace(string, ReadOnlySpan{byte}, UnixFileMode)"/>,
    /// but never over an existing file.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">Its content.</param>
    /// <param name="mode">The file's mode on POSIX (ignored on Windows); private unless given.</param>
    /// <exception cref="IOException"><paramref name="path"/> exists (it is left as it was).</exception>
    public static void CreateNew(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode = Private) => Write(path, bytes, mode, overwrite: false);

    /// <summary>Creates <paramref name="path"/> with <paramref name="text"/> in UTF-8 (no byte order mark), never over an existing file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Its content.</param>
    /// <param name="mode">The file's mode on POSIX (ignored on Windows); private unless given.</param>
    /// <exception cref="IOException"><paramref name="path"/> exists (it is left as it was).</exception>
    public static void CreateNew(string path, string text, UnixFileMode mode = Private) => CreateNew(path, Encoding.UTF8.GetBytes(text), mode);

    /// <summary>
    /// <see cref="Replace(string, ReadOnlySpan{byte}, UnixFileMode)"/> with the bytes written asynchronously (the fsyncs
    /// block, as fsync(2) does).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">Its new content.</param>
    /// <param name="cancellationToken">Cancels the write before the rename.</param>
    public static async Task ReplaceAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var (full, temp) = Names(path);
        try
        {
            var stream = new FileStream(temp, Options(Readable, FileOptions.Asynchronous));
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp); // gone after the rename; left only by a failure
        }

        SyncDirectory(Path.GetDirectoryName(full)!);
    }

    /// <summary>fsync(2) of a directory, so the names created or renamed in it survive a crash; nothing on Windows.</summary>
    /// <param name="directory">The directory.</param>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals metadata; there is no directory handle to flush
        }

        var fd = Open(directory, ORdOnly); // open(2) of a directory read-only is allowed; fsync(2) then syncs it
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static void Write(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode, bool overwrite)
    {
        var (full, temp) = Names(path);
        try
        {
            using (var stream = new FileStream(temp, Options(mode, FileOptions.None)))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (overwrite)
            {
                File.Move(temp, full, overwrite: true);
            }
            else
            {
                MoveNew(temp, full);
            }
        }
        finally
        {
            File.Delete(temp); // gone after the rename; left only by a failure (and after link(2), always)
        }

        SyncDirectory(Path.GetDirectoryName(full)!);
    }

    /// <summary>
    /// Gives <paramref name="temp"/> the name <paramref name="full"/> unless that name exists, atomically: link(2) fails
    /// with EEXIST when it does, whoever made it a moment before. <see cref="File.Move(string, string, bool)"/> without
    /// overwrite is not that on Linux: strace shows it rename(2) when it finds no file, which replaces one made between
    /// its look and the rename, so of two processes creating
    /// one key file at once both could succeed and the first one's file be replaced after it was reported written (seen:
    /// six <c>generate-key-pair</c> at once, one left a public key whose private key another had deleted). The temporary
    /// name is removed by the caller. A file system without hard links (EPERM, ENOTSUP, EXDEV…) falls back to that move.
    /// </summary>
    private static void MoveNew(string temp, string full)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(temp, full, overwrite: false); // MoveFileEx without MOVEFILE_REPLACE_EXISTING: atomic, fails if it exists
            return;
        }

        if (Link(temp, full) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EExist)
        {
            throw new IOException($"The file '{full}' already exists.");
        }

        File.Move(temp, full, overwrite: false);
    }

    private static FileStreamOptions Options(UnixFileMode mode, FileOptions options)
    {
        var result = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            result.UnixCreateMode = mode; // the final mode from the first byte: a secret is never readable by others
        }

        return result;
    }

    // The temporary file: hidden, in the target's directory (rename(2) is atomic only within one file system), unique to
    // this write.
    private static (string Full, string Temp) Names(string path)
    {
        var full = Path.GetFullPath(path);
        return (full, Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp"));
    }

    private const int ORdOnly = 0; // <fcntl.h>, the same value on every POSIX system .NET runs on

    private const int EExist = 17; // <errno.h> EEXIST, the same on Linux and the BSDs

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
