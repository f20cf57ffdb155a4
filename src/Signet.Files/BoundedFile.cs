using System.Security.Cryptography;

namespace Signet.Files;

/// <summary>
/// Whole-file reads within a limit counted in the bytes actually read, not in the length the file system reports: a
/// device (<c>/dev/zero</c>, <c>/dev/urandom</c>), a FIFO or a <c>/proc</c> file reports 0 bytes and may never end, so a
/// reader that trusted the length read such a file until memory ran out. Every file an operator or a user names
/// (keys, chains, passwords, policies, trust roots, packages, artifacts) is read here.
/// </summary>
public static class BoundedFile
{
    private const int Probe = 16 * 1024;

    /// <summary>All of <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="FileTooLargeException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="IOException">The file cannot be opened or read (<see cref="FileNotFoundException"/> and
    /// <see cref="DirectoryNotFoundException"/> among them).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static byte[] Read(string path, long maxBytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadAll(file, maxBytes, path);
    }

    /// <summary>The text of <paramref name="path"/> in UTF-8 (a byte order mark dropped), at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="FileTooLargeException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string ReadText(string path, long maxBytes)
    {
        var bytes = Read(path, maxBytes).AsSpan();
        return System.Text.Encoding.UTF8.GetString(bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes);
    }

    /// <summary>The rest of <paramref name="stream"/>, at most <paramref name="maxBytes"/> bytes; a seekable stream's
    /// length sizes the buffer but does not bound the read.</summary>
    /// <param name="stream">The stream, read to its end.</param>
    /// <param name="maxBytes">The most bytes accepted (at most <see cref="Array.MaxLength"/>).</param>
    /// <param name="name">The file's name, for the message.</param>
    /// <param name="sizeHint">The length to expect, for a stream that cannot seek but wraps one that can (a progress
    /// reporter); -1 to take a seekable stream's own.</param>
    /// <exception cref="FileTooLargeException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static byte[] ReadAll(Stream stream, long maxBytes, string name, long sizeHint = -1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        maxBytes = Math.Clamp(maxBytes, 0, Array.MaxLength);
        var announced = sizeHint >= 0 ? sizeHint : stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : 0;
        if (announced > maxBytes)
        {
            throw new FileTooLargeException(name, maxBytes, announced);
        }

        var buffer = new byte[announced > 0 ? announced : Math.Min(Probe, maxBytes + 1)];
        long total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                // Full: read a little more to tell the end (the usual case: nothing more) from a file that grew or a
                // device that reported no length.
                var more = new byte[(int)Math.Min(Probe, maxBytes - total + 1)];
                var n = stream.Read(more);
                if (n == 0)
                {
                    return buffer;
                }

                if (total + n > maxBytes)
                {
                    throw new FileTooLargeException(name, maxBytes, null);
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, total + n), maxBytes));
                more.AsSpan(0, n).CopyTo(buffer.AsSpan((int)total));
                total += n;
                continue;
            }

            var read = stream.Read(buffer, (int)total, buffer.Length - (int)total);
            if (read == 0)
            {
                return buffer.AsSpan(0, (int)total).ToArray();
            }

            total += read;
            if (total > maxBytes)
            {
                throw new FileTooLargeException(name, maxBytes, null);
            }
        }
    }

    /// <summary>
    /// The digest of the rest of <paramref name="stream"/>, read in blocks of 1 MiB: a file of any size is hashed in
    /// constant memory, and one that does not end (a device, a FIFO) is refused after <paramref name="maxBytes"/>.
    /// </summary>
    /// <param name="stream">The stream, read to its end.</param>
    /// <param name="algorithm">The hash algorithm (e.g. <see cref="HashAlgorithmName.SHA256"/>).</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="name">The file's name, for the message.</param>
    /// <exception cref="FileTooLargeException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static byte[] HashAll(Stream stream, HashAlgorithmName algorithm, long maxBytes, string name)
    {
        var read = ReadOrHash(stream, keepUpTo: 0, [algorithm], maxBytes, name);
        return read.Digests?[algorithm] ?? CryptographicOperations.HashData(algorithm, read.Bytes!); // an empty stream
    }

    /// <summary>
    /// The rest of <paramref name="stream"/>: its bytes when it ends within <paramref name="keepUpTo"/> bytes (a
    /// verifier needs the bytes for a signature over them, as pure Ed25519's), else its digests, read in blocks of
    /// 1 MiB in constant memory from there on. So a stream that does not tell its length up front (a pipe) is read once,
    /// whichever it turns out to be. More than <paramref name="maxBytes"/> is refused.
    /// </summary>
    /// <param name="stream">The stream, read to its end.</param>
    /// <param name="keepUpTo">The most bytes returned as bytes (0: always digests).</param>
    /// <param name="algorithms">The digests to compute when it is longer.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="name">The file's name, for the message.</param>
    /// <exception cref="FileTooLargeException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static ReadOrHashed ReadOrHash(Stream stream, long keepUpTo, IReadOnlyList<HashAlgorithmName> algorithms, long maxBytes, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(algorithms);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keepUpTo, Array.MaxLength);
        using var kept = new MemoryStream();
        IncrementalHash[]? hashes = null;
        try
        {
            var buffer = new byte[1024 * 1024];
            long total = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new FileTooLargeException(name, maxBytes, null);
                }

                if (hashes is null && total <= keepUpTo)
                {
                    kept.Write(buffer, 0, read);
                    continue;
                }

                if (hashes is null)
                {
                    // Longer than what is kept: hash what was kept, then the rest as it comes.
                    hashes = [.. algorithms.Distinct().Select(IncrementalHash.CreateHash)];
                    foreach (var hash in hashes)
                    {
                        hash.AppendData(kept.GetBuffer(), 0, (int)kept.Length);
                    }

                    kept.SetLength(0);
                    kept.Capacity = 0;
                }

                foreach (var hash in hashes)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }

            return hashes is null
                ? new ReadOrHashed(kept.ToArray(), null)
                : new ReadOrHashed(null, hashes.ToDictionary(h => h.AlgorithmName, h => h.GetHashAndReset()));
        }
        finally
        {
            foreach (var hash in hashes ?? [])
            {
                hash.Dispose();
            }
        }
    }
}

/// <summary>What <see cref="BoundedFile.ReadOrHash"/> read: the bytes of a short stream, or the digests of a long one.</summary>
/// <param name="Bytes">All the bytes, when the stream ended within the limit kept; else null.</param>
/// <param name="Digests">The digests by algorithm, when it did not; else null.</param>
public sealed record ReadOrHashed(byte[]? Bytes, IReadOnlyDictionary<HashAlgorithmName, byte[]>? Digests);

/// <summary>A file read through <see cref="BoundedFile"/> holds more than its limit.</summary>
public sealed class FileTooLargeException : IOException
{
    /// <summary>An exception naming the file and the limit, and the file's reported length when it was known.</summary>
    public FileTooLargeException(string name, long limit, long? length)
        : base(length is long n ? $"'{name}' is too large ({n} bytes, limit {limit})" : $"'{name}' is larger than the limit of {limit} bytes")
    {
        Limit = limit;
    }

    /// <summary>The limit, in bytes.</summary>
    public long Limit { get; }
}
