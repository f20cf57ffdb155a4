using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signet.Core;

namespace Signet.Admission.Policies;

/// <summary>
/// Holds the <see cref="PolicySet"/> in force and reloads it when its files change: a file-system watcher asks for a
/// reload at once, and a poll catches what watchers miss (a ConfigMap volume swaps a symlink). A reload reads every
/// file and swaps the whole set in at once; a set that fails to read is not used, and the previous one stays in
/// force (the failure is logged and kept in <see cref="LastError"/>).
/// </summary>
public sealed partial class PolicyWatcher : IDisposable
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _timer;
    private readonly Lock _reloading = new();
    private PolicySet _current;

    /// <summary>Loads <paramref name="path"/> now (failing if it cannot) and watches it, polling every <paramref name="poll"/>.</summary>
    /// <exception cref="SignetFormatException">The policies are invalid.</exception>
    /// <exception cref="SignetConfigurationException">The path cannot be read.</exception>
    public PolicyWatcher(string path, TimeSpan poll, ILogger? logger = null)
    {
        _path = Path.GetFullPath(path);
        _logger = logger ?? NullLogger.Instance;
        _current = PolicySet.Load(_path);
        var directory = Directory.Exists(_path) ? _path : Path.GetDirectoryName(_path)!;
        try
        {
            _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Changed += (_, _) => Reload();
            _watcher.Created += (_, _) => Reload();
            _watcher.Deleted += (_, _) => Reload();
            _watcher.Renamed += (_, _) => Reload();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // Out of inotify watches, say: the poll still reloads.
            _watcher?.Dispose();
            _watcher = null;
        }

        _timer = new Timer(_ => Reload(), null, poll, poll);
    }

    /// <summary>The set in force.</summary>
    public PolicySet Current => Volatile.Read(ref _current);

    /// <summary>Why the last reload was refused, or null when it succeeded.</summary>
    public string? LastError { get; private set; }

    /// <summary>Raised after a new set is swapped in.</summary>
    public event Action<PolicySet>? Reloaded;

    /// <summary>Reads the files again and swaps the set in when it changed; keeps the old set when they are invalid.</summary>
    public void Reload()
    {
        lock (_reloading)
        {
            PolicySet next;
            try
            {
                next = PolicySet.Load(_path);
            }
            catch (SignetException e)
            {
                if (LastError != e.Message)
                {
                    LogRefused(_logger, _path, e.Message);
                }

                LastError = e.Message;
                return;
            }

            LastError = null;
            if (next.Fingerprint == Current.Fingerprint)
            {
                return;
            }

            Volatile.Write(ref _current, next);
            LogReloaded(_logger, _path, next.Policies.Count);
        }

        Reloaded?.Invoke(Current);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer.Dispose();
        _watcher?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "policies in {Path} not reloaded; the previous set stays in force: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "policies reloaded from {Path}: {Count} policies")]
    private static partial void LogReloaded(ILogger logger, string path, int count);
}
