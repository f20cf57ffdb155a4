namespace Signet.Client.Monitoring;

/// <summary>A tree of a log: its size and RFC 6962 root hash.</summary>
public sealed record LogTreeHead(ulong Size, byte[] RootHash);

/// <summary>
/// What a <see cref="LogMonitor"/> remembers about a log between runs: the newest tree it verified, the log's key
/// (pinned at first use) and when it verified.
/// </summary>
public sealed record LogMonitorState(string LogUrl, LogTreeHead Tree, string? PublicKeyPem)
{
    /// <summary>When the tree was verified, or null when not known (older state files).</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>The signed checkpoint of <see cref="Tree"/> as the log served it (reported with a fork), if stored.</summary>
    public string? Checkpoint { get; init; }
}

/// <summary>Where a monitor keeps its <see cref="LogMonitorState"/>; a save replaces the old state whole or not at all.</summary>
public interface ILogMonitorStateStore
{
    /// <summary>The stored state, or null before the first save.</summary>
    LogMonitorState? Load();

    /// <summary>Replaces the stored state atomically.</summary>
    void Save(LogMonitorState state);
}
