using Signet.Core;
using Signet.Tuf.Metadata;

namespace Signet.Tuf.Client;

/// <summary>
/// The pure heart of the TUF client workflow (TUF specification §5, "Detailed client workflow"): the metadata trusted so
/// far and the rules for admitting each new file. No I/O and no clock: every expiry is judged against the one
/// <see cref="ReferenceTime"/> fixed when the update started (§5.1). Files must be offered in the order of the
/// workflow: roots, then timestamp, snapshot, targets.
/// </summary>
public sealed class TrustedMetadataSet
{
    /// <summary>Starts from a trusted root (TUF §5.2), which must be signed by a threshold of its own root keys.</summary>
    public TrustedMetadataSet(ReadOnlyMemory<byte> trustedRoot, DateTimeOffset referenceTime)
    {
        ReferenceTime = referenceTime;
        var root = RootMetadata.Parse(trustedRoot, "trusted root.json");
        root.VerifyRole("root", root.Envelope, "trusted root.json");
        Root = root;
    }

    /// <summary>The fixed update start time (TUF §5.1).</summary>
    public DateTimeOffset ReferenceTime { get; }

    public RootMetadata Root { get; private set; }

    public TimestampMetadata? Timestamp { get; private set; }

    public SnapshotMetadata? Snapshot { get; private set; }

    public TargetsMetadata? Targets { get; private set; }

    private readonly Dictionary<string, TargetsMetadata> _delegated = new(StringComparer.Ordinal);

    /// <summary>
    /// Admits root version N+1 (TUF §5.3.4–§5.3.8): signed by a threshold of the trusted root's root keys AND by a
    /// threshold of its own, and its version exactly one more. Expiry is not judged here but after the chain (§5.3.10).
    /// </summary>
    public RootMetadata UpdateRoot(ReadOnlyMemory<byte> data)
    {
        if (Timestamp is not null)
        {
            throw new InvalidOperationException("TUF §5.3: roots are updated before the timestamp");
        }

        var what = $"{Root.Version + 1}.root.json";
        var next = RootMetadata.Parse(data, what);
        Root.VerifyRole("root", next.Envelope, what + " (old root's keys)");
        if (next.Version != Root.Version + 1)
        {
            throw new TufException(next.Version <= Root.Version ? TufErrorCode.Rollback : TufErrorCode.VersionMismatch,
                $"{what}: version is {next.Version}, expected {Root.Version + 1}");
        }

        next.VerifyRole("root", next.Envelope, what + " (its own keys)");
        Root = next;
        return next;
    }

    /// <summary>TUF §5.3.10: once the chain is walked, the final root must not be expired.</summary>
    public void CheckFinalRoot()
    {
        if (Root.Envelope.IsExpiredAt(ReferenceTime))
        {
            throw new TufException(TufErrorCode.Expired,
                $"root.json version {Root.Version} expired at {Root.Envelope.Expires:u} (update started {ReferenceTime:u})");
        }
    }

    /// <summary>
    /// Admits a timestamp (TUF §5.4). Returns false when it has the same version as the trusted one: the repository
    /// has nothing new (§5.4.3.1, "abort the update cycle"), the trusted timestamp stays. A newer, valid timestamp is
    /// kept even if expired, as the baseline against rollback, and then refused with <see cref="TufErrorCode.Expired"/>.
    /// </summary>
    public bool UpdateTimestamp(ReadOnlyMemory<byte> data)
    {
        if (Snapshot is not null)
        {
            throw new InvalidOperationException("TUF §5.4: the timestamp is updated before the snapshot");
        }

        CheckFinalRoot();
        var next = TimestampMetadata.Parse(data);
        Root.VerifyRole("timestamp", next.Envelope, "timestamp.json");
        if (Timestamp is { } trusted)
        {
            // TUF §5.4.3.1: the version must not go back; equal means nothing new.
            if (next.Version < trusted.Version)
            {
                throw new TufException(TufErrorCode.Rollback,
                    $"timestamp.json: version {next.Version} is older than the trusted version {trusted.Version}");
            }

            if (next.Version == trusted.Version)
            {
                return false;
            }

            // TUF §5.4.3.2: the snapshot version it names must not go back either.
            RefuseRollback(next.SnapshotVersion, trusted.SnapshotVersion, "timestamp.json: names snapshot version");
        }

        Timestamp = next;
        CheckFinalTimestamp();
        return true;
    }

    /// <summary>
    /// Admits a snapshot (TUF §5.5). <paramref name="fromCache"/> skips the length/hash check against the timestamp
    /// (a cached snapshot may be older); the version check of §5.5.3 then tells whether it is still current.
    /// </summary>
    public SnapshotMetadata UpdateSnapshot(ReadOnlyMemory<byte> data, bool fromCache)
    {
        if (Timestamp is null || Targets is not null)
        {
            throw new InvalidOperationException("TUF §5.5: the snapshot is updated after the timestamp, before targets");
        }

        CheckFinalTimestamp();
        if (!fromCache)
        {
            // TUF §5.5.2: length and hashes as the timestamp lists them.
            Timestamp.SnapshotInfo.Verify(data.Span, "snapshot.json");
        }

        var next = SnapshotMetadata.Parse(data);
        Root.VerifyRole("snapshot", next.Envelope, "snapshot.json");
        if (Snapshot is { } trusted)
        {
            // TUF §5.5.5: no targets metadata may disappear or go back in version.
            foreach (var (name, old) in trusted.Meta)
            {
                if (!next.Meta.TryGetValue(name, out var now))
                {
                    throw new TufException(TufErrorCode.WrongContent,
                        $"snapshot.json version {next.Version}: no longer lists {name}, which version {trusted.Version} listed");
                }

                RefuseRollback(now.Version, old.Version, $"snapshot.json: lists {name} version");
            }
        }

        Snapshot = next;
        CheckFinalSnapshot();
        return next;
    }

    /// <summary>
    /// Admits the top-level targets metadata (TUF §5.6): length/hashes as snapshot lists them, signed by the targets
    /// role, version exactly as snapshot names it (mix-and-match), not expired.
    /// </summary>
    public TargetsMetadata UpdateTargets(ReadOnlyMemory<byte> data) => UpdateDelegatedTargets(data, "targets", "root");

    /// <summary>
    /// Admits targets metadata of <paramref name="roleName"/>, delegated by <paramref name="delegatorName"/> (the
    /// top-level targets role is delegated by root). TUF §5.6.2–§5.6.5 and §5.6.7.
    /// </summary>
    public TargetsMetadata UpdateDelegatedTargets(ReadOnlyMemory<byte> data, string roleName, string delegatorName)
    {
        if (Snapshot is null)
        {
            throw new InvalidOperationException("TUF §5.6: targets are updated after the snapshot");
        }

        CheckFinalSnapshot();
        var what = $"{roleName}.json";
        var meta = Snapshot.Meta.TryGetValue(what, out var m)
            ? m
            : throw new TufException(TufErrorCode.NotFound, $"snapshot.json version {Snapshot.Version}: does not list {what}");
        meta.File.Verify(data.Span, what);
        var next = TargetsMetadata.Parse(data, what);
        if (delegatorName == "root")
        {
            Root.VerifyRole("targets", next.Envelope, what);
        }
        else
        {
            var delegator = GetTargets(delegatorName)
                ?? throw new InvalidOperationException($"{delegatorName} must be trusted before the roles it delegates to");
            delegator.VerifyDelegate(roleName, next.Envelope, what);
        }

        if (next.Version != meta.Version)
        {
            throw new TufException(next.Version < meta.Version ? TufErrorCode.Rollback : TufErrorCode.VersionMismatch,
                $"{what}: version is {next.Version}, snapshot names version {meta.Version}");
        }

        if (next.Envelope.IsExpiredAt(ReferenceTime))
        {
            throw new TufException(TufErrorCode.Expired,
                $"{what} version {next.Version} expired at {next.Envelope.Expires:u} (update started {ReferenceTime:u})");
        }

        if (roleName == "targets")
        {
            Targets = next;
        }
        else
        {
            _delegated[roleName] = next;
        }

        return next;
    }

    /// <summary>The trusted targets metadata of a role (<c>targets</c> or a delegated role), or null.</summary>
    public TargetsMetadata? GetTargets(string roleName) =>
        roleName == "targets" ? Targets : _delegated.GetValueOrDefault(roleName);

    /// <summary>The snapshot's entry for targets.json, which a valid snapshot must have.</summary>
    public MetaFileInfo TargetsMeta() =>
        Snapshot!.Meta.TryGetValue("targets.json", out var meta)
            ? meta
            : throw new SignetFormatException($"snapshot.json version {Snapshot.Version}: does not list targets.json");

    private void CheckFinalTimestamp()
    {
        // TUF §5.4.4.
        if (Timestamp!.Envelope.IsExpiredAt(ReferenceTime))
        {
            throw new TufException(TufErrorCode.Expired,
                $"timestamp.json version {Timestamp.Version} expired at {Timestamp.Envelope.Expires:u} (update started {ReferenceTime:u})");
        }
    }

    private void CheckFinalSnapshot()
    {
        // TUF §5.5.6 (expiry) and §5.5.3 (the version the timestamp names).
        if (Snapshot!.Envelope.IsExpiredAt(ReferenceTime))
        {
            throw new TufException(TufErrorCode.Expired,
                $"snapshot.json version {Snapshot.Version} expired at {Snapshot.Envelope.Expires:u} (update started {ReferenceTime:u})");
        }

        if (Snapshot.Version != Timestamp!.SnapshotVersion)
        {
            throw new TufException(Snapshot.Version < Timestamp.SnapshotVersion ? TufErrorCode.Rollback : TufErrorCode.VersionMismatch,
                $"snapshot.json: version is {Snapshot.Version}, timestamp names version {Timestamp.SnapshotVersion}");
        }
    }

    /// <summary>A version older than the trusted one is a rollback (TUF §5.4.3.2, §5.5.5); <paramref name="what"/> leads the message.</summary>
    private static void RefuseRollback(long version, long trusted, string what)
    {
        if (version < trusted)
        {
            throw new TufException(TufErrorCode.Rollback, $"{what} {version}, older than the trusted {trusted}");
        }
    }
}
