namespace Signet.Tuf.Client;

/// <summary>Limits of the TUF client (TUF §5.3.3 "Y" rotations, "W"/"X" download sizes), fixed for its lifetime.</summary>
public sealed record TufClientOptions
{
    /// <summary>Most root versions walked in one update (python-tuf's default is 256).</summary>
    public int MaxRootRotations { get; init; } = 256;

    public long MaxRootLength { get; init; } = 512_000;

    public long MaxTimestampLength { get; init; } = 16_384;

    /// <summary>Cap on snapshot.json when the timestamp does not give its length.</summary>
    public long MaxSnapshotLength { get; init; } = 2_000_000;

    /// <summary>Cap on targets.json when the snapshot does not give its length.</summary>
    public long MaxTargetsLength { get; init; } = 5_000_000;

    /// <summary>Most targets roles visited in one target search (TUF §5.6.7; python-tuf's default is 32).</summary>
    public int MaxDelegations { get; init; } = 32;

    /// <summary>
    /// Ask for <c>N+1.root.json</c> on every update, as TUF §5.3.2 words it. Off by default: the root is probed whenever
    /// the timestamp is not the one already trusted (see <c>TufUpdater.RootProbeNeeded</c> for why that is as safe).
    /// </summary>
    public bool AlwaysProbeRoot { get; init; }

    public static TufClientOptions Default { get; } = new();
}
