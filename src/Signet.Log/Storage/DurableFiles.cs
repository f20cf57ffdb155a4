using Microsoft.Win32.SafeHandles;
using Signet.Files;

namespace Signet.Log.Storage;

/// <summary>
/// Crash-safe file publication on POSIX: write a temporary file, fsync it, rename it into place, then fsync the
/// directory that holds the new name (POSIX fsync(2): syncing a file does not make its directory entry durable;
/// rename(2) is atomic but only durable once its directory is synced). A batch issues the fsyncs of all its files
/// concurrently, then of all their directories, so a round costs about two fsync latencies whatever its size.
/// A directory the batch creates is itself a new name in its parent, so the parents of a directory not yet known
/// to be durable are synced too, up to the store's root (<see cref="DirectoryTracker"/>).
/// Every failure throws: a write that cannot be made durable is never reported as done.
/// </summary>
internal static class DurableFiles
{
    private const int MaxParallel = 16;

    /// <summary>Writes every (path, data) durably; <paramref name="overwrite"/> false skips a path that exists
    /// (immutable objects are a function of the log, so an existing one already holds the same bytes). Returns the
    /// directories it synced.</summary>
    public static IReadOnlyCollection<string> Publish(IReadOnlyList<(string FullPath, ReadOnlyMemory<byte> Data)> files, bool overwrite, DirectoryTracker directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var toSync = new HashSet<string>(StringComparer.Ordinal);
        var firstUse = new List<string>();
        var pending = new List<(string Temp, string Final)>(files.Count);
        try
        {
            var handles = new List<(SafeFileHandle Handle, string Temp, string Final)>(files.Count);
            try
            {
                foreach (var (full, data) in files)
                {
                    // The directory is synced even when the file already exists: an earlier attempt may have renamed
                    // it into place and then failed before its sync.
                    var directory = Path.GetDirectoryName(full)!;
                    toSync.Add(directory);
                    if (directories.Prepare(directory, toSync))
                    {
                        firstUse.Add(directory);
                    }

                    if (!overwrite && File.Exists(full))
                    {
                        continue;
                    }

                    var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
                    var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                    handles.Add((handle, temp, full));
                    pending.Add((temp, full));
                    RandomAccess.Write(handle, data.Span, 0);
                }

                ForEachConcurrently(handles, h => RandomAccess.FlushToDisk(h.Handle));
            }
            finally
            {
                foreach (var h in handles)
                {
                    h.Handle.Dispose();
                }
            }

            foreach (var (temp, final) in pending)
            {
                File.Move(temp, final, overwrite: true);
            }

            pending.Clear();
            if (toSync.Count > 0)
            {
                ForEachConcurrently(toSync.ToList(), DurableFile.SyncDirectory);
            }

            directories.MarkDurable(firstUse);
            return toSync;
        }
        finally
        {
            foreach (var (temp, _) in pending)
            {
                File.Delete(temp); // a failed batch leaves no temporary files behind
            }
        }
    }

    private static void ForEachConcurrently<T>(IReadOnlyList<T> items, Action<T> action)
    {
        if (items.Count == 1)
        {
            action(items[0]);
            return;
        }

        // fsync blocks its thread for a disk round trip; running them side by side lets the file system commit them
        // together instead of one after another.
        Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = MaxParallel }, action);
    }
}
