using Signet.Core;

namespace Signet.Client;

/// <summary>
/// The local files a signer reads and writes: inputs read whole up to a stated limit (a missing, unreadable or
/// oversized file is invalid input, named in the message), outputs written all at once or not at all.
/// </summary>
public static class LocalFile
{
    /// <summary>Reads all of <paramref name="path"/>, refusing a file longer than <paramref name="maxSize"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the message (e.g. <c>artifact</c>, <c>signing config</c>).</param>
    /// <param name="maxSize">The largest file accepted.</param>
    /// <exception cref="SignetFormatException">The file is missing, unreadable or too large.</exception>
    public static byte[] Read(string path, string what, long maxSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > maxSize)
            {
                throw new SignetFormatException($"{what}: file '{path}' is too large ({stream.Length} bytes, limit {maxSize})");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SignetFormatException($"{what}: file '{path}' does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignetFormatException($"{what}: cannot read '{path}' ({e.Message})", e);
        }
    }

    /// <summary>The default mode of a written file: rw-r--r--.</summary>
    public const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/> all at once: a temporary file in the same folder,
    /// created with <paramref name="mode"/> and flushed to disk, then renamed over the target. A failure leaves no
    /// partial file (never a half-written bundle, never a key readable by others for a moment).
    /// </summary>
    /// <param name="path">The target file.</param>
    /// <param name="bytes">The whole content.</param>
    /// <param name="mode">The Unix permissions the file is created with (<see cref="DefaultMode"/> unless given).</param>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode = DefaultMode)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
