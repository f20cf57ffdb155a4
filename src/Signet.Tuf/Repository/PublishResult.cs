namespace Signet.Tuf.Repository;

/// <summary>What a publish or refresh wrote.</summary>
public sealed record PublishResult(long RootVersion, long TargetsVersion, long SnapshotVersion, long TimestampVersion,
    bool SnapshotRenewed, bool TimestampRenewed);
