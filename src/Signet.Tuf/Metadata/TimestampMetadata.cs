using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>Timestamp metadata (TUF §4.6): the current snapshot's version (and optionally its length and hashes).</summary>
public sealed class TimestampMetadata : RoleMetadata
{
    private TimestampMetadata(SignedMetadata envelope, long snapshotVersion, TufFileInfo snapshotInfo)
        : base(envelope)
    {
        SnapshotVersion = snapshotVersion;
        SnapshotInfo = snapshotInfo;
    }

    public long SnapshotVersion { get; }

    public TufFileInfo SnapshotInfo { get; }

    public static TimestampMetadata Parse(ReadOnlyMemory<byte> data, string what = "timestamp.json")
    {
        var envelope = SignedMetadata.Parse(data, "timestamp", what);
        var snapshot = TufJson.Object(TufJson.Object(envelope.SignedElement, "meta", what), "snapshot.json", what + " meta");
        return new TimestampMetadata(envelope,
            TufJson.PositiveInteger(snapshot, "version", what + " meta snapshot.json"),
            TufFileInfo.Parse(snapshot, what + " meta snapshot.json", required: false));
    }
}
