using System.Text.Json.Nodes;
using Signet.Core.Keys;
using Signet.Tuf.Client;
using Signet.Tuf.Metadata;
using Signet.Tuf.Repository;

namespace Signet.Tuf.Tests;

/// <summary>Target search through delegated targets roles (TUF §5.6.7), as Sigstore's root-signing delegates registry.npmjs.org.</summary>
public sealed class DelegationTests : IDisposable
{
    private static readonly byte[] Content = "{\"npm\":true}"u8.ToArray();
    private readonly TestRepository _t = new();
    private readonly SigningKey _a = SigningKey.GenerateEd25519();
    private readonly SigningKey _b = SigningKey.GenerateEcdsaP256();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _t.Dispose();
    }

    /// <summary>
    /// targets v2 delegates "npm/*" to role a then role b; a and b are signed by <paramref name="signerA"/>/_b;
    /// <paramref name="listedBy"/> names the role that lists npm/keys.json.
    /// </summary>
    private void Publish(bool aTerminating, string pattern, string listedBy, SigningKey? signerA = null)
    {
        var info = TufFileInfo.Of(Content);
        JsonObject Role(string name, SigningKey key, bool terminating) => new()
        {
            ["name"] = name,
            ["keyids"] = new JsonArray(TufKey.FromVerificationKey(key.PublicKey).ComputeKeyId()),
            ["threshold"] = 1,
            ["terminating"] = terminating,
            ["paths"] = new JsonArray(pattern),
        };
        var targets = Craft.Edit(MetadataBodies.Targets(2, _t.Time.GetUtcNow().AddDays(30), new Dictionary<string, TufFileInfo>()), s =>
            s["delegations"] = new JsonObject
            {
                ["keys"] = new JsonObject
                {
                    [TufKey.FromVerificationKey(_a.PublicKey).ComputeKeyId()] = JsonNode.Parse(TufKey.FromVerificationKey(_a.PublicKey).ToJson().GetRawText()),
                    [TufKey.FromVerificationKey(_b.PublicKey).ComputeKeyId()] = JsonNode.Parse(TufKey.FromVerificationKey(_b.PublicKey).ToJson().GetRawText()),
                },
                ["roles"] = new JsonArray(Role("a", _a, aTerminating), Role("b", _b, false)),
            });
        targets = Craft.SignWith(targets, _t.TargetsKey);
        var files = new Dictionary<string, TufFileInfo>();
        byte[] Delegated(string name, SigningKey key) => Craft.SignWith(MetadataBodies.Targets(1, _t.Time.GetUtcNow().AddDays(30),
            listedBy == name ? new Dictionary<string, TufFileInfo> { ["npm/keys.json"] = info } : files), key);
        var a = Delegated("a", signerA ?? _a);
        var b = Delegated("b", _b);
        var snapshot = Craft.SignWith(Craft.Edit(MetadataBodies.Snapshot(2, _t.Time.GetUtcNow().AddDays(7), 2, TufFileInfo.Of(targets)), s =>
        {
            s["meta"]!["a.json"] = new JsonObject { ["version"] = 1 };
            s["meta"]!["b.json"] = new JsonObject { ["version"] = 1 };
        }), _t.OnlineKey);
        _t.Remote.Override("2.targets.json", targets);
        _t.Remote.Override("1.a.json", a);
        _t.Remote.Override("1.b.json", b);
        _t.Remote.Override("2.snapshot.json", snapshot);
        _t.Remote.Override("timestamp.json", Craft.Timestamp(_t, 2, 2, snapshot));
        _t.Remote.Override($"targets/npm/{info.Hashes["sha256"]}.keys.json", Content);
    }

    [Fact]
    public async Task Target_is_found_through_a_delegated_role()
    {
        Publish(aTerminating: false, "npm/*", listedBy: "a");
        var updater = _t.Updater();
        await updater.RefreshAsync();
        Assert.Equal(Content, await updater.GetTargetAsync("npm/keys.json"));
        Assert.Contains("1.a.json", _t.Remote.Requests);
        Assert.DoesNotContain("1.b.json", _t.Remote.Requests);
    }

    [Fact]
    public async Task Search_continues_past_a_non_terminating_role_and_stops_at_a_terminating_one()
    {
        Publish(aTerminating: false, "npm/*", listedBy: "b");
        var updater = _t.Updater();
        await updater.RefreshAsync();
        Assert.Equal(Content, await updater.GetTargetAsync("npm/keys.json"));

        Publish(aTerminating: true, "npm/*", listedBy: "b");
        _t.Cache.DeleteMetadata("a");
        _t.Cache.DeleteMetadata("b");
        _t.Cache.DeleteMetadata("timestamp");
        _t.Cache.DeleteMetadata("snapshot");
        _t.Cache.DeleteMetadata("targets");
        var again = _t.Updater();
        await again.RefreshAsync();
        var e = await Assert.ThrowsAsync<TufException>(() => again.GetTargetAsync("npm/keys.json"));
        Assert.Equal(TufErrorCode.NotFound, e.Code);
    }

    [Fact]
    public async Task Delegated_metadata_signed_by_the_wrong_key_is_refused()
    {
        Publish(aTerminating: false, "npm/*", listedBy: "a", signerA: _b);
        var updater = _t.Updater();
        await updater.RefreshAsync();
        var e = await Assert.ThrowsAsync<TufException>(() => updater.GetTargetAsync("npm/keys.json"));
        Assert.Equal(TufErrorCode.BelowThreshold, e.Code);
        Assert.StartsWith("a.json: 0 valid signature(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_whose_paths_do_not_cover_the_target_are_not_consulted()
    {
        Publish(aTerminating: false, "pypi/*", listedBy: "a");
        var updater = _t.Updater();
        await updater.RefreshAsync();
        var e = await Assert.ThrowsAsync<TufException>(() => updater.GetTargetAsync("npm/keys.json"));
        Assert.Equal(TufErrorCode.NotFound, e.Code);
        Assert.DoesNotContain("1.a.json", _t.Remote.Requests);
    }

    [Fact]
    public void Star_does_not_cross_a_slash()
    {
        var role = new DelegatedRole("r", new TufRole(["k"], 1), false, ["npm/*"], null);
        Assert.True(role.IsDelegatedPath("npm/keys.json"));
        Assert.False(role.IsDelegatedPath("npm/sub/keys.json"));
        Assert.False(role.IsDelegatedPath("keys.json"));
    }
}
