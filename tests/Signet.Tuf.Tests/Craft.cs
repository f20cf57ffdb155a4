using System.Text.Json.Nodes;
using Signet.Core.Keys;
using Signet.Tuf.Metadata;
using Signet.Tuf.Repository;

namespace Signet.Tuf.Tests;

/// <summary>What an attacker (or a test) builds by hand: metadata bodies signed by chosen keys.</summary>
public static class Craft
{
    public static byte[] SignWith(byte[] file, params SigningKey[] keys)
    {
        foreach (var k in keys)
        {
            file = MetadataEnvelope.Sign(file, k, "crafted").File;
        }

        return file;
    }

    /// <summary>Changes fields of a published file's <c>signed</c> object and drops its signatures.</summary>
    public static byte[] Edit(byte[] file, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(file)!.AsObject();
        edit(node["signed"]!.AsObject());
        node["signatures"] = new JsonArray();
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public static byte[] Timestamp(TestRepository t, long version, long snapshotVersion, byte[]? snapshot, TimeSpan? validFor = null) =>
        SignWith(MetadataBodies.Timestamp(version, t.Time.GetUtcNow() + (validFor ?? TimeSpan.FromDays(1)), snapshotVersion,
            snapshot is null ? new TufFileInfo(null, new Dictionary<string, string>()) : TufFileInfo.Of(snapshot)), t.OnlineKey);

    public static byte[] Snapshot(TestRepository t, long version, long targetsVersion, byte[]? targets) =>
        SignWith(MetadataBodies.Snapshot(version, t.Time.GetUtcNow() + TimeSpan.FromDays(7), targetsVersion,
            targets is null ? new TufFileInfo(null, new Dictionary<string, string>()) : TufFileInfo.Of(targets)), t.OnlineKey);
}
