using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Files;

namespace Signet.Client;

/// <summary>
/// The local files a signer reads: inputs read whole up to a stated limit, or hashed as a stream (a missing,
/// unreadable or oversized file is invalid input, named in the message). Outputs are written with
/// <see cref="DurableFile"/>.
/// </summary>
public static class LocalFile
{
    /// <summary>
    /// The most bytes hashed from a file that does not report its size — a pipe, a device, a <c>/proc</c> file — so that
    /// one that never ends (<c>/dev/zero</c>) is refused; a regular file is hashed to its end at any size.
    /// </summary>
    public const long MaxUnsizedBytes = 2L * 1024 * 1024 * 1024;

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
        using var file = Open(path, what);
        return ReadAll(file, path, what, maxSize, progress);
    }

    /// <summary>Opens <paramref name="path"/> for reading, so that a missing or unreadable input is refused before any
    /// other work (a login, a password prompt) and read later with <see cref="ReadAll(FileStream, string, long, IProgress{long})"/> or <see cref="Sha256(FileStream, string, IProgress{long})"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the message.</param>
    /// <exception cref="SignetFormatException">The file is missing or cannot be opened.</exception>
    public static FileStream Open(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            // The runtime refuses an empty path with ArgumentException, which would read as a bug.
            throw new SignetFormatException($"{what}: the file name is empty");
        }

        return Mapped(path, what, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read));
    }

    /// <summary>Reads the rest of <paramref name="file"/>, refusing more than <paramref name="maxSize"/> bytes.</summary>
    /// <param name="file">The file, from <see cref="Open"/>.</param>
    /// <param name="what">What the file is, for the message.</param>
    /// <param name="maxSize">The largest file accepted.</param>
    /// <param name="progress">Told the bytes read so far; null for none.</param>
    /// <exception cref="SignetFormatException">The file is unreadable or too large.</exception>
    public static byte[] ReadAll(FileStream file, string what, long maxSize, IProgress<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ReadAll(file, file.Name, what, maxSize, progress);
    }

    private static byte[] ReadAll(FileStream file, string path, string what, long maxSize, IProgress<long>? progress) =>
        Mapped(path, what, () =>
        {
            if (progress is null)
            {
                return BoundedFile.ReadAll(file, maxSize, path);
            }

            // Not disposed: it would close the caller's file.
            var reading = new Progress.ProgressReadStream(file, progress);
            var bytes = BoundedFile.ReadAll(reading, maxSize, path, SizeOf(file));
            _ = reading.Read([]); // the final report
            return bytes;
        });

    /// <summary>The SHA-256 of <paramref name="path"/>, read as a stream (<see cref="Sha256(FileStream, string, IProgress{long})"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the message.</param>
    /// <param name="progress">Told the bytes read so far; null for none.</param>
    /// <exception cref="SignetFormatException">The file is missing, unreadable, or does not end.</exception>
    public static byte[] Sha256(string path, string what, IProgress<long>? progress = null)
    {
        using var file = Open(path, what);
        return Sha256(file, path, what, progress);
    }

    /// <summary>
    /// The SHA-256 of the rest of <paramref name="file"/>, read as a stream in constant memory: a regular file to its
    /// end, whatever its size; one that reports no size (a pipe, a device) up to <see cref="MaxUnsizedBytes"/>.
    /// </summary>
    /// <param name="file">The file, from <see cref="Open"/>.</param>
    /// <param name="what">What the file is, for the message.</param>
    /// <param name="progress">Told the bytes read so far; null for none.</param>
    /// <exception cref="SignetFormatException">The file is unreadable, does not end, or grew while it was read.</exception>
    public static byte[] Sha256(FileStream file, string what, IProgress<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Sha256(file, file.Name, what, progress);
    }

    /// <summary>
    /// The <paramref name="hash"/> digest (SHA-256, SHA-384 or SHA-512) of the rest of <paramref name="file"/>, read as
    /// <see cref="Sha256(FileStream, string, IProgress{long})"/> reads it.
    /// </summary>
    /// <param name="file">The file, from <see cref="Open"/>.</param>
    /// <param name="hash">SHA-256, SHA-384 or SHA-512.</param>
    /// <param name="what">What the file is, for the message.</param>
    /// <param name="progress">Told the bytes read so far; null for none.</param>
    /// <exception cref="SignetFormatException">The file is unreadable, does not end, or grew while it was read.</exception>
    public static byte[] Hash(FileStream file, HashAlgorithmName hash, string what, IProgress<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Hash(file, file.Name, hash, what, progress);
    }

    private static byte[] Sha256(FileStream file, string path, string what, IProgress<long>? progress) =>
        Hash(file, path, HashAlgorithmName.SHA256, what, progress);

    private static byte[] Hash(FileStream file, string path, HashAlgorithmName hash, string what, IProgress<long>? progress)
    {
        var read = ReadOrHash(file, path, what, keepUpTo: 0, [hash], progress);
        return read.Digests?[hash] ?? DigestAlgorithms.Hash(hash, read.Bytes!); // an empty file
    }

    /// <summary>
    /// The rest of <paramref name="file"/>: its bytes when it ends within <paramref name="keepUpTo"/> bytes, else its
    /// digests (<see cref="BoundedFile.ReadOrHash"/>), read once — whether or not it reports its size. A regular file is
    /// read to its end, whatever its size; one that reports no size (a pipe, a device) up to <see cref="MaxUnsizedBytes"/>.
    /// </summary>
    /// <param name="file">The file, from <see cref="Open"/>.</param>
    /// <param name="what">What the file is, for the message.</param>
    /// <param name="keepUpTo">The most bytes returned as bytes.</param>
    /// <param name="algorithms">The digests of a longer file.</param>
    /// <param name="progress">Told the bytes read so far; null for none.</param>
    /// <exception cref="SignetFormatException">The file is unreadable, does not end, or grew while it was read.</exception>
    public static ReadOrHashed ReadOrHash(FileStream file, string what, long keepUpTo, IReadOnlyList<HashAlgorithmName> algorithms, IProgress<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ReadOrHash(file, file.Name, what, keepUpTo, algorithms, progress);
    }

    private static ReadOrHashed ReadOrHash(FileStream file, string path, string what, long keepUpTo, IReadOnlyList<HashAlgorithmName> algorithms, IProgress<long>? progress)
    {
        var size = SizeOf(file);
        if (size > 0 && size <= keepUpTo)
        {
            return new ReadOrHashed(ReadAll(file, path, what, keepUpTo, progress), null); // one buffer of its size
        }

        var limit = Math.Max(size, MaxUnsizedBytes);
        // A file that says it is longer than what is kept is hashed from its first byte, holding nothing.
        var keep = size > keepUpTo ? 0 : keepUpTo;
        try
        {
            return Mapped(path, what, () =>
            {
                if (progress is null)
                {
                    return BoundedFile.ReadOrHash(file, keep, algorithms, limit, path);
                }

                // Not disposed: it would close the caller's file.
                var reading = new Progress.ProgressReadStream(file, progress);
                var read = BoundedFile.ReadOrHash(reading, keep, algorithms, limit, path);
                _ = reading.Read([]); // the final report
                return read;
            });
        }
        catch (SignetFormatException e) when (e.InnerException is FileTooLargeException && size > MaxUnsizedBytes)
        {
            throw new SignetFormatException($"{what}: file '{path}' grew while it was read (it held {size} bytes when opened)", e);
        }
    }

    /// <summary>The length the file system reports, 0 for a stream that cannot seek (a pipe).</summary>
    private static long SizeOf(FileStream file) => file.CanSeek ? file.Length : 0;

    private static T Mapped<T>(string path, string what, Func<T> io)
    {
        try
        {
            return io();
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
