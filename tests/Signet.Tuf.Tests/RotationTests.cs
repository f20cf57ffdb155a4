using Signet.Core.Keys;
using Signet.Tuf.Client;
using Signet.Tuf.Repository;

namespace Signet.Tuf.Tests;

public sealed class RotationTests : IDisposable
{
    private readonly TestRepository _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public async Task Root_rotation_must_meet_both_the_old_and_the_new_threshold()
    {
        await _t.RefreshAsync();
        using var new1 = SigningKey.GenerateEcdsaP256();
        using var new2 = SigningKey.GenerateEd25519();
        _t.Repo.RotateRoot(new Dictionary<string, RoleKeys> { ["root"] = TestRepository.Keys(2, new1, new2) });

        // Signed only by the new keys: the old threshold is not met; publishing refuses as a client would.
        _t.Repo.Sign("root", new1);
        _t.Repo.Sign("root", new2);
        var e = Assert.Throws<TufException>(() => _t.Repo.Publish(_t.OnlineKey));
        Assert.Equal(TufErrorCode.BelowThreshold, e.Code);
        Assert.Contains("keys of version 1", e.Message, StringComparison.Ordinal);

        // And a client refuses the same file if a mirror serves it anyway (with a new timestamp, so the root is probed).
        _t.Repo.Refresh(_t.OnlineKey, force: true);
        var staged = File.ReadAllBytes(Path.Combine(_t.Repo.Directory, "staged", "root.json"));
        _t.Remote.Override("2.root.json", staged);
        Assert.Equal(TufErrorCode.BelowThreshold, (await Assert.ThrowsAsync<TufException>(() => _t.RefreshAsync())).Code);

        // Only the old keys: the new root's own threshold is not met.
        _t.Remote.Override("2.root.json", Craft.SignWith(MetadataEnvelope.WithoutSignatures(staged, "root"), _t.RootKeys));
        var own = await Assert.ThrowsAsync<TufException>(() => _t.RefreshAsync());
        Assert.Equal(TufErrorCode.BelowThreshold, own.Code);
        Assert.Contains("its own keys", own.Message, StringComparison.Ordinal);

        // Old and new key holders sign one after another: published, and the client follows.
        foreach (var k in _t.RootKeys)
        {
            _t.Repo.Sign("root", k);
        }

        _t.Repo.Publish(_t.OnlineKey);
        _t.Remote.Override("2.root.json", _t.ReadPublished("2.root.json"));
        var result = await _t.RefreshAsync();
        Assert.Equal(2, result.RootVersion);

        // From now on the old root keys alone cannot rotate again.
        var v3 = Craft.SignWith(Craft.Edit(_t.ReadPublished("2.root.json"), s => s["version"] = 3), _t.RootKeys);
        _t.Remote.Override("3.root.json", v3);
        // While the timestamp is the trusted one the client does not even ask for 3.root.json and stays on root 2;
        // once a new timestamp comes, it probes and refuses the forged root.
        _t.Remote.Requests.Clear();
        Assert.Equal(2, (await _t.RefreshAsync()).RootVersion);
        Assert.DoesNotContain("3.root.json", _t.Remote.Requests);
        _t.Repo.Refresh(_t.OnlineKey, force: true);
        Assert.Equal(TufErrorCode.BelowThreshold, (await Assert.ThrowsAsync<TufException>(() => _t.RefreshAsync())).Code);
    }

    [Fact]
    public async Task Client_recovers_after_a_fast_forward_attack_once_the_online_key_is_rotated()
    {
        await _t.RefreshAsync();
        // The online key leaks; the attacker fast-forwards the client to timestamp version 1000.
        var snapshot = _t.ReadPublished("1.snapshot.json");
        _t.Remote.Override("timestamp.json", Craft.Timestamp(_t, 1000, 1, snapshot));
        await _t.RefreshAsync();
        _t.Remote.Override("timestamp.json", _t.ReadPublished("timestamp.json"));

        // The genuine timestamp (version 2 after a refresh) now looks like a rollback...
        _t.Repo.Refresh(_t.OnlineKey, force: true);
        _t.Remote.Override("timestamp.json", _t.ReadPublished("timestamp.json"));
        Assert.Equal(TufErrorCode.Rollback, (await Assert.ThrowsAsync<TufException>(() => _t.RefreshAsync())).Code);

        // ...until the root holders rotate the timestamp and snapshot key (TUF §5.3.11).
        using var newOnline = SigningKey.GenerateEcdsaP256();
        _t.Repo.RotateRoot(new Dictionary<string, RoleKeys>
        {
            ["timestamp"] = TestRepository.Keys(1, newOnline),
            ["snapshot"] = TestRepository.Keys(1, newOnline),
        });
        foreach (var k in _t.RootKeys)
        {
            _t.Repo.Sign("root", k);
        }

        _t.Repo.Publish(newOnline);
        _t.Remote.Override("timestamp.json", _t.ReadPublished("timestamp.json"));
        var result = await _t.RefreshAsync();
        Assert.Equal(2, result.RootVersion);
        Assert.Equal(3, result.TimestampVersion);
    }

    [Fact]
    public async Task Timestamp_signed_by_a_rotated_out_key_is_refused()
    {
        using var newOnline = SigningKey.GenerateEcdsaP256();
        _t.Repo.RotateRoot(new Dictionary<string, RoleKeys>
        {
            ["timestamp"] = TestRepository.Keys(1, newOnline),
            ["snapshot"] = TestRepository.Keys(1, newOnline),
        });
        foreach (var k in _t.RootKeys)
        {
            _t.Repo.Sign("root", k);
        }

        _t.Repo.Publish(newOnline);
        // The mirror serves a timestamp from the old key.
        _t.Remote.Override("timestamp.json", Craft.Timestamp(_t, 5, 2, _t.ReadPublished("2.snapshot.json")));
        var e = await Assert.ThrowsAsync<TufException>(() => _t.RefreshAsync());
        Assert.Equal(TufErrorCode.BelowThreshold, e.Code);
    }
}
