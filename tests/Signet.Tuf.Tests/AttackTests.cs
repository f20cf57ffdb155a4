using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Keys;
using Signet.Tuf.Client;

namespace Signet.Tuf.Tests;

/// <summary>Each classic attack on a TUF client (TUF specification §1.5.2) refused with a typed error.</summary>
public sealed class AttackTests : IDisposable
{
    private readonly TestRepository _t = new();

    public void Dispose() => _t.Dispose();

    private async Task<TufException> Refused(TufErrorCode code, Func<Task>? act = null)
    {
        var e = await Assert.ThrowsAsync<TufException>(act ?? (() => _t.RefreshAsync()));
        Assert.Equal(code, e.Code);
        return e;
    }

    [Fact]
    public async Task Rollback_to_an_older_timestamp_is_refused()
    {
        var oldTimestamp = _t.ReadPublished("timestamp.json");
        _t.PublishTarget("{\"v\":2}");
        await _t.RefreshAsync();

        _t.Remote.Override("timestamp.json", oldTimestamp);
        var e = await Refused(TufErrorCode.Rollback);
        Assert.Contains("timestamp.json: version 1 is older than the trusted version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_to_an_older_snapshot_is_refused()
    {
        _t.PublishTarget("{\"v\":2}");
        await _t.RefreshAsync();

        // The attacker holds the online key and signs a new timestamp naming the old snapshot version 1.
        _t.Remote.Override("timestamp.json", Craft.Timestamp(_t, 3, 1, _t.ReadPublished("1.snapshot.json")));
        var e = await Refused(TufErrorCode.Rollback);
        Assert.Contains("names snapshot version 1, older than the trusted 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_of_targets_through_a_new_snapshot_is_refused()
    {
        _t.PublishTarget("{\"v\":2}");
        await _t.RefreshAsync();

        // A new snapshot (version 3) that names the old targets.json version 1.
        var snapshot = Craft.Snapshot(_t, 3, 1, _t.ReadPublished("1.targets.json"));
        _t.Remote.Override("3.snapshot.json", snapshot);
        _t.Remote.Override("timestamp.json", Craft.Timestamp(_t, 3, 3, snapshot));
        var e = await Refused(TufErrorCode.Rollback);
        Assert.Contains("targets.json version 1, older than the trusted 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Old_targets_served_where_snapshot_names_a_newer_version_is_refused()
    {
        var oldTargets = _t.ReadPublished("1.targets.json");
        _t.PublishTarget("{\"v\":2}");
        // Snapshot without hashes for targets.json, so only the version check can catch the swap.
        var snapshot = Craft.Snapshot(_t, 3, 2, null);
        _t.Remote.Override("3.snapshot.json", snapshot);
        _t.Remote.Override("timestamp.json", Craft.Timestamp(_t, 3, 3, snapshot));
        _t.Remote.Override("2.targets.json", oldTargets);
        var e = await Refused(TufErrorCode.Rollback);
        Assert.Contains("targets.json: version is 1, snapshot names version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freeze_with_an_expired_timestamp_is_refused()
    {
        await _t.RefreshAsync();
        _t.Time.Advance(TimeSpan.FromDays(2)); // the mirror keeps serving the day-old timestamp
        var e = await Refused(TufErrorCode.Expired);
        Assert.StartsWith("timestamp.json version 1 expired", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freeze_on_a_fresh_client_is_refused_too()
    {
        _t.Time.Advance(TimeSpan.FromDays(2));
        await Refused(TufErrorCode.Expired);
    }

    [Fact]
    public async Task Arbitrary_target_with_the_wrong_hash_is_refused()
    {
        var updater = _t.Updater();
        await updater.RefreshAsync();
        var info = updater.Trusted.Targets!.Targets["trusted_root.json"];
        var genuine = _t.ReadPublished($"targets/{info.File.Hashes["sha256"]}.trusted_root.json");
        var forged = (byte[])genuine.Clone();
        forged[^2] ^= 1;
        _t.Remote.Override($"targets/{info.File.Hashes["sha256"]}.trusted_root.json", forged);

        var e = await Refused(TufErrorCode.LengthOrHashMismatch, () => updater.GetTargetAsync("trusted_root.json"));
        Assert.Contains("target trusted_root.json: sha256 is", e.Message, StringComparison.Ordinal);
        Assert.Null(_t.Cache.ReadTarget("trusted_root.json"));
    }

    [Fact]
    public async Task Arbitrary_target_with_the_wrong_length_is_refused()
    {
        var updater = _t.Updater();
        await updater.RefreshAsync();
        var path = $"targets/{updater.Trusted.Targets!.Targets["trusted_root.json"].File.Hashes["sha256"]}.trusted_root.json";
        _t.Remote.Override(path, _t.ReadPublished(path)[..^1]);
        var e = await Refused(TufErrorCode.LengthOrHashMismatch, () => updater.GetTargetAsync("trusted_root.json"));
        Assert.Contains("length is", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_cached_target_is_fetched_again_not_used()
    {
        var updater = _t.Updater();
        await updater.RefreshAsync();
        var genuine = await updater.GetTargetAsync("trusted_root.json");
        _t.Cache.WriteTarget("trusted_root.json", "{\"evil\":true}"u8);
        Assert.Equal(genuine, await updater.GetTargetAsync("trusted_root.json"));
    }

    [Fact]
    public async Task Endless_timestamp_is_cut_at_its_cap()
    {
        _t.Remote.Override("timestamp.json", new byte[20_000]);
        await Refused(TufErrorCode.TooLarge);
    }

    [Fact]
    public async Task Endless_root_is_cut_at_its_cap()
    {
        _t.Remote.Override("2.root.json", new byte[600_000]);
        await Refused(TufErrorCode.TooLarge);
    }

    [Fact]
    public async Task Endless_snapshot_is_cut_at_the_length_the_timestamp_gives()
    {
        var snapshot = _t.ReadPublished("1.snapshot.json");
        _t.Remote.Override("1.snapshot.json", [.. snapshot, .. new byte[100]]);
        var e = await Refused(TufErrorCode.TooLarge);
        Assert.Contains("1.snapshot.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endless_target_is_cut_at_its_listed_length()
    {
        var updater = _t.Updater();
        await updater.RefreshAsync();
        var path = $"targets/{updater.Trusted.Targets!.Targets["trusted_root.json"].File.Hashes["sha256"]}.trusted_root.json";
        _t.Remote.Override(path, new byte[1_000_000]);
        await Refused(TufErrorCode.TooLarge, () => updater.GetTargetAsync("trusted_root.json"));
    }

    [Fact]
    public async Task Mix_and_match_snapshot_of_another_version_is_refused()
    {
        var oldSnapshot = _t.ReadPublished("1.snapshot.json");
        _t.PublishTarget("{\"v\":2}");
        // A timestamp that gives no hashes for the snapshot; the mirror serves snapshot 1 under the name of snapshot 2.
        _t.Remote.Override("timestamp.json", Craft.Timestamp(_t, 3, 2, null));
        _t.Remote.Override("2.snapshot.json", oldSnapshot);
        var e = await Refused(TufErrorCode.Rollback);
        Assert.Contains("snapshot.json: version is 1, timestamp names version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mix_and_match_snapshot_with_other_hashes_is_refused()
    {
        _t.PublishTarget("{\"v\":2}");
        // A validly signed snapshot 2 that is not the one the timestamp describes (shorter: no targets hashes, so it
        // stays under the length cap and the length/hash check is what refuses it).
        _t.Remote.Override("2.snapshot.json", Craft.Snapshot(_t, 2, 2, null));
        await Refused(TufErrorCode.LengthOrHashMismatch);
    }

    [Fact]
    public async Task Targets_signed_by_an_untrusted_key_is_refused()
    {
        using var mallory = SigningKey.GenerateEd25519();
        var forged = Craft.SignWith(Craft.Edit(_t.ReadPublished("1.targets.json"), s => s["targets"] = new JsonObject()), mallory);
        var snapshot = Craft.Snapshot(_t, 2, 1, forged);
        _t.Remote.Override("1.targets.json", forged);
        _t.Remote.Override("2.snapshot.json", snapshot);
        _t.Remote.Override("timestamp.json", Craft.Timestamp(_t, 2, 2, snapshot));
        var e = await Refused(TufErrorCode.BelowThreshold);
        Assert.Contains("targets.json: 0 valid signature(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_signed_below_the_old_threshold_is_refused()
    {
        // Root threshold is 2 of 2: a new root signed by one old key (and itself) is not enough.
        var next = Craft.Edit(_t.ReadPublished("1.root.json"), s => s["version"] = 2);
        _t.Remote.Override("2.root.json", Craft.SignWith(next, _t.RootKeys[0]));
        var e = await Refused(TufErrorCode.BelowThreshold);
        Assert.Contains("2.root.json (old root's keys): 1 valid signature(s) from distinct trusted keys, threshold is 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_signatures_by_one_key_count_once()
    {
        var next = Craft.Edit(_t.ReadPublished("1.root.json"), s => s["version"] = 2);
        var signedOnce = Craft.SignWith(next, _t.RootKeys[0]);
        // A second, different valid ECDSA signature by the same key, appended under the same key id.
        var node = JsonNode.Parse(signedOnce)!.AsObject();
        var again = JsonNode.Parse(Craft.SignWith(next, _t.RootKeys[0]))!["signatures"]![0]!.DeepClone();
        Assert.NotEqual(node["signatures"]![0]!["sig"]!.GetValue<string>(), again["sig"]!.GetValue<string>());
        node["signatures"]!.AsArray().Add(again);
        _t.Remote.Override("2.root.json", Encoding.UTF8.GetBytes(node.ToJsonString()));

        var e = await Refused(TufErrorCode.BelowThreshold);
        Assert.Contains("1 valid signature(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_that_skips_a_version_is_refused()
    {
        var next = Craft.SignWith(Craft.Edit(_t.ReadPublished("1.root.json"), s => s["version"] = 3), _t.RootKeys);
        _t.Remote.Override("2.root.json", next);
        await Refused(TufErrorCode.VersionMismatch);
    }

    [Fact]
    public async Task Root_rotations_past_the_cap_are_refused()
    {
        for (var v = 2; v <= 4; v++)
        {
            _t.Remote.Override($"{v}.root.json", Craft.SignWith(Craft.Edit(_t.ReadPublished("1.root.json"), s => s["version"] = v), _t.RootKeys));
        }

        var e = await Refused(TufErrorCode.TooManyRootRotations, () => _t.RefreshAsync(new TufClientOptions { MaxRootRotations = 2 }));
        Assert.Contains("4.root.json", e.Message, StringComparison.Ordinal);
        var ok = await _t.RefreshAsync(new TufClientOptions { MaxRootRotations = 8 });
        Assert.Equal(4, ok.RootVersion);
    }

    [Fact]
    public async Task Expired_final_root_is_refused_after_the_chain_is_walked()
    {
        var expired = Craft.SignWith(Craft.Edit(_t.ReadPublished("1.root.json"), s =>
        {
            s["version"] = 2;
            s["expires"] = "2026-01-01T00:00:00Z";
        }), _t.RootKeys);
        _t.Remote.Override("2.root.json", expired);
        var e = await Refused(TufErrorCode.Expired);
        Assert.StartsWith("root.json version 2 expired", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_of_the_wrong_type_is_refused()
    {
        _t.Remote.Override("timestamp.json", _t.ReadPublished("1.snapshot.json"));
        await Refused(TufErrorCode.WrongContent);
    }
}
