using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>Root metadata (TUF §4.3): the keys and thresholds of the four top-level roles.</summary>
public sealed class RootMetadata : RoleMetadata
{
    public static readonly IReadOnlyList<string> TopLevelRoles = ["root", "timestamp", "snapshot", "targets"];

    private RootMetadata(SignedMetadata envelope, bool consistentSnapshot, IReadOnlyDictionary<string, TufKey> keys,
        IReadOnlyDictionary<string, TufRole> roles)
        : base(envelope)
    {
        ConsistentSnapshot = consistentSnapshot;
        Keys = keys;
        Roles = roles;
    }

    public bool ConsistentSnapshot { get; }

    public IReadOnlyDictionary<string, TufKey> Keys { get; }

    public IReadOnlyDictionary<string, TufRole> Roles { get; }

    public static RootMetadata Parse(ReadOnlyMemory<byte> data, string what = "root.json")
    {
        var envelope = SignedMetadata.Parse(data, "root", what);
        var signed = envelope.SignedElement;
        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var k in TufJson.Object(signed, "keys", what).EnumerateObject())
        {
            keys[k.Name] = TufKey.Parse(k.Value, $"{what} key {k.Name}");
        }

        var roles = new Dictionary<string, TufRole>(StringComparer.Ordinal);
        var rolesElement = TufJson.Object(signed, "roles", what);
        foreach (var name in TopLevelRoles)
        {
            roles[name] = TufRole.Parse(TufJson.Object(rolesElement, name, what + " roles"), $"{what} role {name}");
        }

        return new RootMetadata(envelope, TufJson.Boolean(signed, "consistent_snapshot", what), keys, roles);
    }

    /// <summary>Verifies that <paramref name="metadata"/> is signed by this root's <paramref name="roleName"/> role.</summary>
    public void VerifyRole(string roleName, SignedMetadata metadata, string what) =>
        metadata.VerifyThreshold(Roles[roleName], Keys, what);

    /// <summary>The key ids and threshold of a role, to compare roots (TUF §5.3.11: rotated timestamp/snapshot keys).</summary>
    public bool SameRoleKeys(RootMetadata other, string roleName)
    {
        var a = Roles[roleName];
        var b = other.Roles[roleName];
        return a.Threshold == b.Threshold && a.KeyIds.Order(StringComparer.Ordinal)
            .SequenceEqual(b.KeyIds.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
