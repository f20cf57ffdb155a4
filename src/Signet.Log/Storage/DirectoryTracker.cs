using System.Collections.Concurrent;
using Signet.Files;

namespace Signet.Log.Storage;

/// <summary>
/// The directories under a store's root whose names are known to be durable. POSIX rename(2) and mkdir(2) are only
/// durable once the directory holding the new name is fsync'd, so a file published into a directory this process
/// has not used yet (just created, or created by an earlier attempt that failed before syncing) also syncs every
/// ancestor up to the root; once that succeeded the directory is remembered and later batches skip both the
/// mkdir and the ancestors.
/// </summary>
internal sealed class DirectoryTracker
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, byte> _durable = new(StringComparer.Ordinal);

    public DirectoryTracker(string root)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        Directory.CreateDirectory(_root);
        DurableFile.SyncDirectory(Path.GetDirectoryName(_root)!);
    }

    /// <summary>Creates <paramref name="directory"/> if needed; unless it is known durable, adds its ancestors up to
    /// the root to <paramref name="toSync"/> and returns true (call <see cref="MarkDurable"/> after syncing them).</summary>
    public bool Prepare(string directory, ISet<string> toSync)
    {
        if (_durable.ContainsKey(directory))
        {
            return false;
        }

        if (!directory.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{directory} is not under the store root {_root}", nameof(directory));
        }

        Directory.CreateDirectory(directory);
        for (var d = Path.GetDirectoryName(directory); d is not null && d.Length >= _root.Length; d = Path.GetDirectoryName(d))
        {
            toSync.Add(d);
        }

        return true;
    }

    /// <summary>Forgets <paramref name="directory"/> after it was removed, so that a later write creates it again.</summary>
    public void Forget(string directory) => _durable.TryRemove(directory, out _);

    public void MarkDurable(IEnumerable<string> directories)
    {
        foreach (var d in directories)
        {
            _durable.TryAdd(d, 0);
        }
    }
}
