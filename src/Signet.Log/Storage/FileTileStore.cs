namespace Signet.Log.Storage;

/// <summary>
/// Tiles, entry bundles and the checkpoint as files under one directory (the embedded default; with PostgreSQL the
/// same directory may be shared by several front ends). Immutable objects are written to a temporary file, flushed
/// to disk and renamed into place, so a reader never sees a torn tile; the checkpoint is replaced the same way.
/// </summary>
public sealed class FileTileStore : ITileStore
{
    private readonly string _root;

    public FileTileStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task WriteImmutableAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        if (File.Exists(full))
        {
            return; // immutable: the same path always holds the same bytes (tiles are a function of the sequenced log)
        }

        await WriteAtomicallyAsync(full, data, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        try
        {
            return await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task WriteCheckpointAsync(ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(Resolve("checkpoint"), checkpoint, cancellationToken);

    private string Resolve(string path)
    {
        if (path.Length == 0 || path.Contains("..", StringComparison.Ordinal) || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is not a tile-store path", nameof(path));
        }

        return Path.Combine(_root, path);
    }

    private static async Task WriteAtomicallyAsync(string full, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
    }
}
