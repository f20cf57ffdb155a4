using Signet.Core.Keys;
using Signet.Tuf.Metadata;

namespace Signet.Tuf.Repository;

/// <summary>
/// Snapshot and timestamp, the roles the online key signs unattended (TUF §4.4, §4.6): a new snapshot names the
/// published targets version, a new timestamp names the snapshot; each is written only after what it names.
/// </summary>
internal static class OnlineRoles
{
    /// <summary>Refuses an online key that cannot sign snapshot and timestamp alone under <paramref name="root"/>.</summary>
    public static void CheckKey(RootMetadata root, SigningKey onlineKey)
    {
        var id = TufKey.FromVerificationKey(onlineKey.PublicKey).ComputeKeyId();
        foreach (var role in new[] { "snapshot", "timestamp" })
        {
            var r = root.Roles[role];
            if (!r.KeyIds.Contains(id, StringComparer.Ordinal) || r.Threshold != 1)
            {
                throw new TufRepositoryException(TufRepositoryError.OnlineKeyNotInRoot,
                    $"the online key {id} cannot sign {role} alone under root version {root.Version}");
            }
        }
    }

    /// <summary>Signs a new snapshot (when asked, or when there is none) and a new timestamp (when asked, or when the
    /// snapshot is new, or when there is none) into <paramref name="published"/>.</summary>
    public static PublishResult Sign(PublishedMetadata published, RepositorySettings settings, DateTimeOffset now,
        RootMetadata root, SigningKey onlineKey, bool renewSnapshot, bool renewTimestamp)
    {
        var (oldTimestamp, oldSnapshot) = published.OnlineRoles();
        var targetsVersion = published.TargetsVersion();
        var targetsBytes = published.Read($"{targetsVersion}.targets.json");
        var snapshotVersion = oldSnapshot?.Version ?? 0;
        byte[] snapshotBytes;
        if (renewSnapshot || oldSnapshot is null)
        {
            snapshotVersion++;
            snapshotBytes = MetadataEnvelope.Sign(MetadataBodies.Snapshot(snapshotVersion, settings.ExpiresAt("snapshot", now), targetsVersion,
                TufFileInfo.Of(targetsBytes)), onlineKey, "snapshot.json").File;
            published.Write($"{snapshotVersion}.snapshot.json", snapshotBytes);
            if (!root.ConsistentSnapshot)
            {
                published.Write("snapshot.json", snapshotBytes);
            }
        }
        else
        {
            snapshotBytes = published.Read($"{snapshotVersion}.snapshot.json");
        }

        var timestampVersion = oldTimestamp?.Version ?? 0;
        if (renewTimestamp || renewSnapshot || oldTimestamp is null)
        {
            timestampVersion++;
            var timestamp = MetadataEnvelope.Sign(MetadataBodies.Timestamp(timestampVersion, settings.ExpiresAt("timestamp", now), snapshotVersion,
                TufFileInfo.Of(snapshotBytes)), onlineKey, "timestamp.json").File;
            published.Write("timestamp.json", timestamp);
        }

        return new PublishResult(root.Version, targetsVersion, snapshotVersion, timestampVersion,
            snapshotVersion != (oldSnapshot?.Version ?? 0), timestampVersion != (oldTimestamp?.Version ?? 0));
    }
}
