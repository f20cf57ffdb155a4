namespace Signet.Client.Storage;

/// <summary>
/// Writes a file all at once: a temporary file in the same folder, created with the given mode, flushed to disk, then
/// renamed over the target (rename is atomic within a file system). A failure leaves the old file and no temporary one.
/// </summary>
public static class AtomicFile
{
    /// <summary>The mode of files others may read: <c>0644</c>.</summary>
    public const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The mode of secrets: <c>0600</c>.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>; its folder must exist.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, UnixFileMode mode = Readable)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
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
