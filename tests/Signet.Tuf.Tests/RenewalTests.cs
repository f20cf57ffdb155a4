using Signet.Tuf.Metadata;

namespace Signet.Tuf.Tests;

/// <summary>
/// <see cref="Repository.TufRepository.StageRenewals()"/>: root and targets, signed by offline keys, are staged again
/// (same keys, same targets, next version, renewed expiry) once half of their validity has run out; a client walks
/// the renewed root and keeps updating past the first one's expiry.
/// </summary>
public sealed class RenewalTests : IDisposable
{
    private readonly TestRepository _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public async Task Each_offline_role_is_staged_again_at_half_its_validity_and_a_client_follows_past_the_first_expiry()
    {
        await _t.RefreshAsync();
        Assert.Empty(_t.Repo.StageRenewals());
        Assert.Empty(_t.Repo.OfflineRolesDue());

        // Targets are valid 91 days, root 182: at day 50 only targets is due.
        _t.Time.Advance(TimeSpan.FromDays(50));
        Assert.Equal(["targets"], _t.Repo.OfflineRolesDue().Select(d => d.Role));
        Assert.Equal(["targets"], _t.Repo.StageRenewals());
        Assert.Empty(_t.Repo.StageRenewals()); // already staged: left as it is
        _t.Repo.Sign("targets", _t.TargetsKey);
        _t.Repo.Publish(_t.OnlineKey);
        var targets = TargetsMetadata.Parse(_t.ReadPublished("targets.json"));
        Assert.Equal(2, targets.Version);
        Assert.Equal(["trusted_root.json"], targets.Targets.Keys);
        await _t.RefreshAsync();

        // Day 100: root (two keys, threshold 2) is due, and targets again (version 2 expires on day 141).
        _t.Time.Advance(TimeSpan.FromDays(50));
        Assert.Equal(["root", "targets"], _t.Repo.StageRenewals());
        foreach (var k in _t.RootKeys)
        {
            _t.Repo.Sign("root", k);
        }

        _t.Repo.Sign("targets", _t.TargetsKey);
        _t.Repo.Publish(_t.OnlineKey);
        var root = RootMetadata.Parse(_t.ReadPublished("root.json"));
        Assert.Equal(2, root.Version);
        Assert.Equal(RootMetadata.Parse(_t.ReadPublished("1.root.json")).Keys.Keys.Order(), root.Keys.Keys.Order());

        // Day 190: past the first root's expiry (day 182) and the first targets' (day 91), the client walks 1 → 2.
        _t.Time.Advance(TimeSpan.FromDays(90));
        _t.Repo.Refresh(_t.OnlineKey);
        var updater = _t.Updater();
        await updater.RefreshAsync();
        Assert.Equal(2, updater.Trusted.Root.Version);
        Assert.Equal(3, updater.Trusted.Targets!.Version);
    }

    [Fact]
    public async Task A_named_role_is_staged_now_and_a_staged_one_is_never_replaced()
    {
        await _t.RefreshAsync();
        var before = (Root: RootMetadata.Parse(_t.ReadPublished("root.json")), Targets: TargetsMetadata.Parse(_t.ReadPublished("targets.json")));
        _t.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, _t.Repo.StageRenewal("targets"));
        Assert.True(_t.Repo.IsStaged("targets"));
        var pending = Assert.Throws<Repository.TufRepositoryException>(() => _t.Repo.StageRenewal("targets"));
        Assert.Equal(Repository.TufRepositoryError.StagedTargetsPending, pending.Error);
        Assert.Equal(2, _t.Repo.StageRenewal("root"));
        Assert.Equal(Repository.TufRepositoryError.StagedRootPending, Assert.Throws<Repository.TufRepositoryException>(() => _t.Repo.StageRenewal("root")).Error);
        Assert.Throws<ArgumentException>(() => _t.Repo.StageRenewal("timestamp"));

        // Signed and published, the renewals list the same keys and targets, later expiries.
        foreach (var k in _t.RootKeys)
        {
            _t.Repo.Sign("root", k);
        }

        _t.Repo.Sign("targets", _t.TargetsKey);
        _t.Repo.Publish(_t.OnlineKey);
        Assert.False(_t.Repo.IsStaged("root") || _t.Repo.IsStaged("targets"));
        var root = RootMetadata.Parse(_t.ReadPublished("root.json"));
        var targets = TargetsMetadata.Parse(_t.ReadPublished("targets.json"));
        Assert.Equal(before.Root.Keys.Keys.Order(), root.Keys.Keys.Order());
        Assert.Equal(before.Targets.Targets.Keys, targets.Targets.Keys);
        Assert.True(targets.Envelope.Expires > before.Targets.Envelope.Expires);
        Assert.Equal(targets.Envelope.Expires, _t.Repo.PublishedTargets()!.Envelope.Expires);
    }
}
