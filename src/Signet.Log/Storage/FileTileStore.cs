namespace Signet.Log.Storage;

/// <summary>
/// Tiles, entry bundles and the checkpoint as files under one directory (the embedded default; with PostgreSQL the
/// same directory may be shared by several front ends). Objects are written to a temporary file, fsync'd, renamed
/// into place and their directory fsync'd (<see cref="DurableFiles"/>), so a reader never sees a torn tile and a
/// crash never loses one that was reported written; the checkpoint is replaced the same way.
/// </summary>
public sealed class FileTileStore : ITileStore
{
    private readonly string _root;
    private readonly DirectoryTracker _directories;

    /// <param name="root">The directory; created (and its parent synced) if needed.</param>
    public FileTileStore(string root)
    {
        _root = Path.GetFullPath(root);
        _directories = new DirectoryTracker(_root);
    }

    /// <summary>The directory, as a full path.</summary>
    public string Root => _root;

    /// <inheritdoc/>
    public Task WriteImmutableAsync(IReadOnlyList<TileObject> objects, CancellationToken cancellationToken)
    {
        var files = objects.Select(o => (Resolve(o.Path), o.Data)).ToList();
        // fsync blocks; keep it off the caller's thread.
        return Task.Run(() => DurableFiles.Publish(files, overwrite: false, _directories), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // Tiles are at most 8 KiB (bundles a few hundred): a synchronous read from the page cache costs microseconds,
            // less than handing the read to the thread pool and back, which shows in proof latency tails.
            return Task.FromResult<byte[]?>(File.ReadAllBytes(full));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<byte[]?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<byte[]?>(null);
        }
    }

    /// <inheritdoc/>
    public Task WriteCheckpointAsync(ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken)
    {
        var file = Resolve("checkpoint");
        return Task.Run(() => DurableFiles.Publish([(file, checkpoint)], overwrite: true, _directories), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListPartialsAsync(CancellationToken cancellationToken) => Task.Run<IReadOnlyList<string>>(() =>
    {
        // tlog-tiles: every partial of tile N lives in the directory "N.p", named by its width.
        var tile = Path.Combine(_root, "tile");
        var found = new List<string>();
        if (!Directory.Exists(tile))
        {
            return found;
        }

        foreach (var directory in Directory.EnumerateDirectories(tile, "*.p", new EnumerationOptions { RecurseSubdirectories = true }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                found.AddRange(Directory.EnumerateFiles(directory)
                    .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'))
                    .Where(PartialTilePaths.IsPartial)); // not the temporary files of a write in progress
            }
            catch (DirectoryNotFoundException)
            {
                // Removed since it was listed (an earlier sweep emptied it).
            }
        }

        return found;
    }, cancellationToken);

    /// <inheritdoc/>
    public Task DeletePartialsAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        PartialTilePaths.CheckAllPartial(paths);
        var files = paths.Select(Resolve).ToList();
        return Task.Run(() =>
        {
            // No fsync: a deleted partial that comes back after a crash is a valid tile, only redundant.
            var directories = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    File.Delete(file);
                }
                catch (DirectoryNotFoundException)
                {
                }

                directories.Add(Path.GetDirectoryName(file)!);
            }

            foreach (var directory in directories)
            {
                try
                {
                    if (!Directory.EnumerateFileSystemEntries(directory).Any())
                    {
                        // Only while empty, which happens once the tile is full: its "N.p" gets no more partials.
                        _directories.Forget(directory);
                        Directory.Delete(directory);
                    }
                }
                catch (IOException)
                {
                    // Gone already, or not empty after all: either way nothing to undo.
                }
            }
        }, cancellationToken);
    }

    private string Resolve(string path)
    {
        if (path.Length == 0 || path.Contains("..", StringComparison.Ordinal) || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is not a tile-store path", nameof(path));
        }

        return Path.Combine(_root, path);
    }
}
