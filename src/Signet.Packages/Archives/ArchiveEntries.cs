using System.Formats.Tar;
using System.IO.Compression;
using Signet.Core;

namespace Signet.Packages.Archives;

/// <summary>
/// Reads the regular files of tar, gzip-compressed tar and zip archives from memory, within <see cref="ArchiveLimits"/>.
/// Links, directories and devices are skipped (npm and pip ignore them too); paths keep the archive's spelling with
/// forward slashes and no leading <c>./</c>. An entry with an absolute path or a <c>..</c> segment is refused (a zip-slip
/// path is invalid input, whatever the reader does with it), and so is an archive expanding far more than data compresses.
/// Nothing is written to disk.
/// </summary>
public sealed class ArchiveEntries(ArchiveLimits limits, string what)
{
    private long _total;
    private int _count;
    private long _compressed;

    public static bool IsGzip(ReadOnlySpan<byte> b) => b.Length > 2 && b[0] == 0x1f && b[1] == 0x8b;

    public static bool IsZip(ReadOnlySpan<byte> b) => b.Length > 4 && b[0] == (byte)'P' && b[1] == (byte)'K' && b[2] == 3 && b[3] == 4;

    /// <summary>POSIX ustar magic at offset 257 (<c>ustar</c>), as GNU and pax archives write it.</summary>
    public static bool IsTar(ReadOnlySpan<byte> b) => b.Length >= 512 && b.Slice(257, 5).SequenceEqual("ustar"u8);

    public List<PackageFile> ReadTarGz(ReadOnlyMemory<byte> bytes)
    {
        _compressed = bytes.Length;
        try
        {
            using var gz = new GZipStream(new MemoryStream(bytes.ToArray(), writable: false), CompressionMode.Decompress);
            return ReadTar(gz);
        }
        catch (InvalidDataException e)
        {
            throw new SignetFormatException($"{what}: not a valid gzip stream ({e.Message})", e);
        }
    }

    public List<PackageFile> ReadTar(Stream stream)
    {
        var files = new List<PackageFile>();
        try
        {
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                Count();
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                {
                    continue;
                }

                var data = entry.DataStream is null ? [] : ReadBounded(entry.DataStream, entry.Length);
                files.Add(new PackageFile(Normalize(entry.Name, what), data));
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or OverflowException or NotSupportedException or InvalidOperationException)
        {
            // TarReader throws OverflowException for some header size fields, NotSupportedException for entry types it
            // does not read, such as GNU sparse files (typeflag 'S'), and InvalidOperationException for a GNU long-name
            // entry whose size field is larger than a name may be (all found by fuzz/ package-archive).
            throw new SignetFormatException($"{what}: not a valid tar archive ({e.Message})", e);
        }

        return files;
    }

    public List<PackageFile> ReadZip(ReadOnlyMemory<byte> bytes)
    {
        _compressed = bytes.Length;
        var files = new List<PackageFile>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes.ToArray(), writable: false), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                Count();
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                var path = Normalize(entry.FullName, what);
                using var s = entry.Open();
                files.Add(new PackageFile(path, ReadBounded(s, entry.Length)));
            }
        }
        catch (InvalidDataException e)
        {
            throw new SignetFormatException($"{what}: not a valid zip archive ({e.Message})", e);
        }

        return files;
    }

    private void Count()
    {
        if (++_count > limits.MaxEntries)
        {
            throw new SignetFormatException($"{what}: more than {limits.MaxEntries} entries");
        }
    }

    // The declared length is a hint only (a zip header can lie): the bound is enforced on the bytes actually read.
    private byte[] ReadBounded(Stream s, long declared)
    {
        if (declared > limits.MaxEntryBytes)
        {
            throw new SignetFormatException($"{what}: an entry of {declared} bytes is larger than {limits.MaxEntryBytes}");
        }

        using var ms = new MemoryStream(declared > 0 ? (int)declared : 0);
        var buffer = new byte[81920];
        int n;
        while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            _total += n;
            if (ms.Length + n > limits.MaxEntryBytes || _total > limits.MaxTotalBytes)
            {
                throw new SignetFormatException($"{what}: expands past the limit ({limits.MaxEntryBytes} bytes per entry, {limits.MaxTotalBytes} in all)");
            }

            if (_compressed > 0 && _total > limits.RatioFloorBytes && _total > _compressed * limits.MaxExpansionRatio)
            {
                throw new SignetFormatException($"{what}: expands more than {limits.MaxExpansionRatio} times its {_compressed} bytes (a decompression bomb)");
            }

            ms.Write(buffer, 0, n);
        }

        return ms.ToArray();
    }

    /// <summary>The entry's path with forward slashes and no leading <c>./</c>; absolute paths and <c>..</c> segments are refused.</summary>
    public static string Normalize(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Replace('\\', '/');
        while (n.StartsWith("./", StringComparison.Ordinal))
        {
            n = n[2..];
        }

        var absolute = n.StartsWith('/') || (n.Length >= 2 && n[1] == ':' && char.IsAsciiLetter(n[0]));
        if (absolute || n.Split('/').Contains("..") || n.Contains('\0', StringComparison.Ordinal))
        {
            throw new SignetFormatException($"{what}: entry '{(n.Length > 100 ? n[..100] + "…" : n)}' has an absolute path or a '..' segment");
        }

        return n;
    }
}
