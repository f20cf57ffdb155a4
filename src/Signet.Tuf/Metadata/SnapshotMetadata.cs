using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>One targets metadata file as snapshot lists it: its version and optional length/hashes (TUF §4.4 METAFILES).</summary>
public sealed record MetaFileInfo(long Version, TufFileInfo File);

/// <summary>Snapshot metadata (TUF §4.4): the versions of every targets metadata file.</summary>
public sealed class SnapshotMetadata : RoleMetadata
{
    private SnapshotMetadata(SignedMetadata envelope, IReadOnlyDictionary<string, MetaFileInfo> meta)
        : base(envelope)
    {
        Meta = meta;
    }

    /// <summary>Keyed by file name, e.g. <c>targets.json</c>.</summary>
    public IReadOnlyDictionary<string, MetaFileInfo> Meta { get; }

    public static SnapshotMetadata Parse(ReadOnlyMemory<byte> data, string what = "snapshot.json")
    {
        var envelope = SignedMetadata.Parse(data, "snapshot", what);
        var meta = new Dictionary<string, MetaFileInfo>(StringComparer.Ordinal);
        foreach (var m in TufJson.Object(envelope.SignedElement, "meta", what).EnumerateObject())
        {
            var w = $"{what} meta {m.Name}";
            meta[m.Name] = new MetaFileInfo(TufJson.PositiveInteger(m.Value, "version", w), TufFileInfo.Parse(m.Value, w, required: false));
        }

        return new SnapshotMetadata(envelope, meta);
    }
}
