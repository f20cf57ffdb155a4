namespace Signet.Tuf.Repository;

/// <summary>Renewing the roles signed by offline keys (root, targets) before they expire, unchanged but for version and expiry.</summary>
public sealed partial class TufRepository
{
    /// <summary>
    /// Stages a renewal of each offline-signed role that has used up half of its validity, as <see cref="Refresh"/>
    /// does for the online ones: root as version N+1 with the same keys and thresholds (a rotation that changes nothing
    /// but the version and expiry), targets as a new version listing the same targets. TUF clients refuse an expired
    /// root or targets (§5.3.10, §5.5.4), so a repository whose offline keys nobody uses again would stop serving.
    /// The staged files still need a threshold of signatures (<see cref="Sign"/>) and <see cref="Publish"/>. A role
    /// already staged is left as it is. Returns the roles staged, root first.
    /// </summary>
    public IReadOnlyList<string> StageRenewals()
    {
        _ = PublishedRoot() ?? throw new TufRepositoryException(TufRepositoryError.NotPublished, "nothing is published yet");
        var staged = new List<string>();
        foreach (var (role, _) in OfflineRolesDue())
        {
            if (!IsStaged(role))
            {
                StageRenewal(role);
                staged.Add(role);
            }
        }

        return staged;
    }

    /// <summary>
    /// Stages a renewal of <paramref name="role"/> now, due or not: root as version N+1 with the same keys and
    /// thresholds (<see cref="RotateRoot"/> with no changes), targets as version N+1 listing the same targets. Either
    /// gets a new expiry and then needs a threshold of signatures (<see cref="Sign"/>) and <see cref="Publish"/>.
    /// Returns the staged version.
    /// </summary>
    /// <param name="role">root or targets, the roles signed by offline keys.</param>
    /// <exception cref="TufRepositoryException">The role is already staged, or nothing is published yet.</exception>
    public long StageRenewal(string role)
    {
        if (role == "root")
        {
            return RotateRoot(new Dictionary<string, RoleKeys>());
        }

        if (role != "targets")
        {
            throw new ArgumentException("only root and targets are renewed by their offline keys; snapshot and timestamp are refreshed with the online key", nameof(role));
        }

        RequireNotStaged("targets");

        var targets = _published.Targets() ?? throw new TufRepositoryException(TufRepositoryError.NotPublished, "targets.json has never been signed and published");
        var list = targets.Targets.ToDictionary(t => t.Key, t => t.Value.File, StringComparer.Ordinal);
        _staged.Write("targets.json", MetadataBodies.Targets(targets.Version + 1, Expires("targets"), list));
        return targets.Version + 1;
    }

    /// <summary>When the published root or targets has used up half of its validity and needs renewing by its
    /// (offline) keys: <see cref="StageRenewals()"/>, or the author's <c>signet tuf</c> commands.</summary>
    public IReadOnlyList<(string Role, DateTimeOffset Expires)> OfflineRolesDue()
    {
        var now = _time.GetUtcNow();
        var due = new List<(string, DateTimeOffset)>();
        if (PublishedRoot() is { } root && root.Envelope.Expires - now < Settings.RootExpiry / 2)
        {
            due.Add(("root", root.Envelope.Expires));
        }

        if (_published.Targets() is { } targets && targets.Envelope.Expires - now < Settings.TargetsExpiry / 2)
        {
            due.Add(("targets", targets.Envelope.Expires));
        }

        return due;
    }

    /// <summary>
    /// Stages a renewal of each of <paramref name="roles"/> now (<see cref="StageRenewal"/>), root first, or of none: a
    /// role already staged is refused before anything is staged, since a renewal would replace what its key holders
    /// are signing. Returns each role with its staged version.
    /// </summary>
    /// <param name="roles">root and/or targets.</param>
    /// <exception cref="TufRepositoryException">A role is already staged, or nothing is published yet.</exception>
    public IReadOnlyList<(string Role, long Version)> StageRenewals(IReadOnlyCollection<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var ordered = roles.Distinct(StringComparer.Ordinal).OrderBy(r => r == "root" ? 0 : 1).ToList();
        foreach (var role in ordered)
        {
            RequireNotStaged(role);
        }

        return ordered.Select(role => (role, StageRenewal(role))).ToList();
    }

    /// <summary>Whether <paramref name="role"/> (root or targets) is staged, waiting for signatures and publishing.</summary>
    public bool IsStaged(string role) => role is "root" or "targets" && _staged.Read($"{role}.json") is not null;

    private void RequireNotStaged(string role)
    {
        if (IsStaged(role))
        {
            throw role == "root"
                ? new TufRepositoryException(TufRepositoryError.StagedRootPending, "a staged root.json is already waiting for signatures; publish it first")
                : new TufRepositoryException(TufRepositoryError.StagedTargetsPending, "a staged targets.json is already waiting for signatures; sign and publish it, it renews targets too");
        }
    }
}
