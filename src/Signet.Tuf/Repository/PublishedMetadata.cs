using Signet.Tuf.Client;
using Signet.Tuf.Metadata;

namespace Signet.Tuf.Repository;

/// <summary>
/// A repository's <c>published/</c> folder, what a mirror serves: <c>N.root.json</c> (the whole chain) and
/// <c>root.json</c>, <c>timestamp.json</c>, <c>N.snapshot.json</c>, <c>N.targets.json</c> and <c>targets.json</c>,
/// and each target as <c>targets/HASH.NAME</c> (consistent snapshots, TUF §5.7.3) and <c>targets/NAME</c>.
/// </summary>
internal sealed class PublishedMetadata(string directory)
{
    public string Directory => directory;

    public string PathOf(string name) => Path.Combine(directory, name);

    public byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    public void Write(string name, byte[] data) => FileSystemTufCache.WriteAtomically(PathOf(name), data);

    /// <summary>The newest root version, 0 before the first publish.</summary>
    public long RootVersion()
    {
        long version = 0;
        while (File.Exists(PathOf($"{version + 1}.root.json")))
        {
            version++;
        }

        return version;
    }

    /// <summary>The newest root, or null before the first publish.</summary>
    public RootMetadata? Root()
    {
        var version = RootVersion();
        return version == 0 ? null : RootMetadata.Parse(Read($"{version}.root.json"), $"{version}.root.json");
    }

    /// <summary>The published targets, or null before the first publish.</summary>
    public TargetsMetadata? Targets() => File.Exists(PathOf("targets.json")) ? TargetsMetadata.Parse(Read("targets.json")) : null;

    /// <summary>The published targets version, 0 before the first publish.</summary>
    public long TargetsVersion() => Targets()?.Version ?? 0;

    /// <summary>The published timestamp and the snapshot it names, or nulls before the first publish.</summary>
    public (TimestampMetadata? Timestamp, SnapshotMetadata? Snapshot) OnlineRoles()
    {
        if (!File.Exists(PathOf("timestamp.json")))
        {
            return (null, null);
        }

        var timestamp = TimestampMetadata.Parse(Read("timestamp.json"));
        var snapshot = SnapshotMetadata.Parse(Read($"{timestamp.SnapshotVersion}.snapshot.json"));
        return (timestamp, snapshot);
    }

    /// <summary>Publishes a root version (<c>N.root.json</c>, and <c>root.json</c> for clients that ask for the newest).</summary>
    public void PublishRoot(long version, byte[] file)
    {
        Write($"{version}.root.json", file);
        Write("root.json", file);
    }

    /// <summary>
    /// Publishes a targets version: first each staged target's content, checked against the length and hashes the
    /// targets metadata lists, under every hash prefix and its plain name; then the metadata itself.
    /// </summary>
    public void PublishTargets(TargetsMetadata targets, byte[] file, StagedMetadata staged)
    {
        foreach (var (path, info) in targets.Targets)
        {
            var content = staged.ReadTarget(path);
            if (content is null)
            {
                continue; // published before, unchanged
            }

            info.File.Verify(content, $"staged target {path}");
            var slash = path.LastIndexOf('/');
            var (dir, name) = slash < 0 ? ("", path) : (path[..(slash + 1)], path[(slash + 1)..]);
            foreach (var hash in info.File.Hashes.Values)
            {
                Write($"targets/{dir}{hash}.{name}", content);
            }

            Write($"targets/{path}", content);
        }

        Write($"{targets.Version}.targets.json", file);
        Write("targets.json", file);
    }
}
