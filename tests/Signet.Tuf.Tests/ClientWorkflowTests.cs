using System.Text;
using Signet.Tuf.Client;

namespace Signet.Tuf.Tests;

public sealed class ClientWorkflowTests : IDisposable
{
    private readonly TestRepository _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public async Task Fresh_client_walks_the_workflow_with_consistent_snapshot_names()
    {
        var updater = _t.Updater();
        var result = await updater.RefreshAsync();
        var target = await updater.GetTargetAsync("trusted_root.json");

        Assert.Contains("trustedroot", Encoding.UTF8.GetString(target), StringComparison.Ordinal);
        Assert.Equal((1, 1, 1, 1), (result.RootVersion, result.TimestampVersion, result.SnapshotVersion, result.TargetsVersion));
        var sha256 = updater.Trusted.Targets!.Targets["trusted_root.json"].File.Hashes["sha256"];
        // timestamp.json first: it decides whether N+1.root.json must be probed (TufUpdater.RootProbeNeeded).
        Assert.Equal(["timestamp.json", "2.root.json", "1.snapshot.json", "1.targets.json", $"targets/{sha256}.trusted_root.json"],
            _t.Remote.Requests);
    }

    [Fact]
    public async Task An_update_with_nothing_new_asks_only_for_the_timestamp()
    {
        var first = _t.Updater();
        await first.RefreshAsync();
        await first.GetTargetAsync("trusted_root.json");
        _t.Remote.Requests.Clear();

        var again = _t.Updater();
        var result = await again.RefreshAsync();
        await again.GetTargetAsync("trusted_root.json");

        // The timestamp is the one already trusted: no N+1.root.json probe (TufUpdater.RootProbeNeeded), no other file.
        Assert.Equal(["timestamp.json"], _t.Remote.Requests);
        Assert.False(result.TimestampWasNew);
        Assert.Equal(1, result.Downloads);
    }

    [Fact]
    public async Task Strict_mode_probes_the_next_root_on_every_update()
    {
        await _t.RefreshAsync();
        _t.Remote.Requests.Clear();

        var result = await _t.RefreshAsync(new TufClientOptions { AlwaysProbeRoot = true });

        // TUF §5.3.2 as written: N+1.root.json (a 404 here), then timestamp.json.
        Assert.Equal(["timestamp.json", "2.root.json"], _t.Remote.Requests);
        Assert.Equal(2, result.Downloads);
    }

    [Fact]
    public async Task A_new_timestamp_probes_the_next_root_before_it_is_admitted()
    {
        await _t.RefreshAsync();
        _t.Repo.Refresh(_t.OnlineKey, force: true);
        _t.Remote.Requests.Clear();

        var result = await _t.RefreshAsync();

        Assert.Equal(["timestamp.json", "2.root.json", "2.snapshot.json"], _t.Remote.Requests);
        Assert.True(result.TimestampWasNew);
    }

    [Fact]
    public async Task An_expired_trusted_root_is_always_probed()
    {
        await _t.RefreshAsync();
        var rootExpires = System.Text.Json.JsonDocument.Parse(_t.ReadPublished("1.root.json")).RootElement
            .GetProperty("signed").GetProperty("expires").GetDateTimeOffset();
        _t.Time.SetUtcNow(rootExpires.AddSeconds(1));
        _t.Remote.Requests.Clear();

        var e = await Assert.ThrowsAsync<TufException>(() => _t.RefreshAsync());

        Assert.Equal(TufErrorCode.Expired, e.Code);
        Assert.Equal("2.root.json", _t.Remote.Requests[1]);
    }

    [Fact]
    public async Task A_new_target_version_is_picked_up()
    {
        await _t.RefreshAsync();
        _t.PublishTarget("{\"v\":2}");
        var updater = _t.Updater();
        var result = await updater.RefreshAsync();

        Assert.Equal((2L, 2L, 2L), (result.TimestampVersion, result.SnapshotVersion, result.TargetsVersion));
        Assert.Equal("{\"v\":2}", Encoding.UTF8.GetString(await updater.GetTargetAsync("trusted_root.json")));
    }

    [Fact]
    public async Task Repository_without_consistent_snapshots_uses_plain_names()
    {
        using var plain = new TestRepository(consistentSnapshot: false);
        var updater = plain.Updater();
        await updater.RefreshAsync();
        await updater.GetTargetAsync("trusted_root.json");
        Assert.Equal(["timestamp.json", "2.root.json", "snapshot.json", "targets.json", "targets/trusted_root.json"], plain.Remote.Requests);
    }

    [Fact]
    public async Task Every_expiry_is_judged_against_the_update_start_time()
    {
        // Timestamp valid 1 day: one second before expiry at the start, the whole update succeeds.
        _t.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        await _t.RefreshAsync();
        _t.Time.Advance(TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<TufException>(() => _t.RefreshAsync());
        Assert.Equal(TufErrorCode.Expired, e.Code);
    }

    [Fact]
    public async Task Uninitialised_cache_is_a_clear_error()
    {
        _t.Cache.DeleteMetadata("root");
        var e = await Assert.ThrowsAsync<TufException>(() => _t.RefreshAsync());
        Assert.Equal(TufErrorCode.NotInitialized, e.Code);
    }
}
