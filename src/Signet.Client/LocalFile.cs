using Signet.Core;
using Signet.Files;

namespace Signet.Client;

/// <summary>
/// The local files a signer reads: inputs read whole up to a stated limit (a missing, unreadable or oversized file is
/// invalid input, named in the message). Outputs are written with <see cref="DurableFile"/>.
/// </summary>
public static class LocalFile
{
    /// <summary>Reads all of <paramref name="path"/>, refusing a file longer than <paramref name="maxSize"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the message (e.g. <c>artifact</c>, <c>signing config</c>).</param>
    /// <param name="maxSize">The largest file accepted.</param>
    /// <exception cref="SignetFormatException">The file is missing, unreadable or too large.</exception>
    public static byte[] Read(string path, string what, long maxSize) => Read(path, what, maxSize, progress: null);

    /// <summary>Reads all of <paramref name="path"/> as <see cref="Read(string, string, long)"/>, reporting the bytes read to <paramref name="progress"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the message.</param>
    /// <param name="maxSize">The largest file accepted.</param>
    /// <param name="progress">Told the bytes read so far (<see cref="Progress.ProgressReadStream"/>); null for none.</param>
    /// <exception cref="SignetFormatException">The file is missing, unreadable or too large.</exception>
    public static byte[] Read(string path, string what, long maxSize, IProgress<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            // The runtime refuses an empty path with ArgumentException, which would read as a bug.
            throw new SignetFormatException($"{what}: the file name is empty");
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (progress is null)
            {
                return BoundedFile.ReadAll(file, maxSize, path);
            }

            using var reading = new Progress.ProgressReadStream(file, progress);
            var bytes = BoundedFile.ReadAll(reading, maxSize, path, file.Length);
            _ = reading.Read([]); // the final report
            return bytes;
        }
        catch (FileTooLargeException e)
        {
            throw new SignetFormatException($"{what}: file {e.Message}", e);
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
}
