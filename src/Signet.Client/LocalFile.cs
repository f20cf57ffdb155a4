using Signet.Core;

namespace Signet.Client;

/// <summary>
/// The local files a signer reads: inputs read whole up to a stated limit (a missing, unreadable or oversized file is
/// invalid input, named in the message). Outputs are written with <see cref="Storage.AtomicFile"/>.
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
        if (path.Length == 0)
        {
            // The runtime refuses an empty path with ArgumentException, which would read as a bug.
            throw new SignetFormatException($"{what}: the file name is empty");
        }

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
}
