using System.Text.Json;
using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>A target file as targets metadata lists it (TUF §4.5 TARGETS): length, hashes and optional custom data.</summary>
public sealed record TargetFileInfo(string Path, TufFileInfo File, JsonElement? Custom);

/// <summary>Targets metadata (TUF §4.5): the target files with their lengths and hashes.</summary>
public sealed class TargetsMetadata : RoleMetadata
{
    private TargetsMetadata(SignedMetadata envelope, IReadOnlyDictionary<string, TargetFileInfo> targets, Delegations? delegations)
        : base(envelope)
    {
        Targets = targets;
        Delegations = delegations;
    }

    public IReadOnlyDictionary<string, TargetFileInfo> Targets { get; }

    /// <summary>The roles this file delegates to, or null.</summary>
    public Delegations? Delegations { get; }

    /// <summary>Verifies that <paramref name="metadata"/> is signed by the delegated role <paramref name="roleName"/>.</summary>
    public void VerifyDelegate(string roleName, SignedMetadata metadata, string what)
    {
        var role = Delegations?.Roles.FirstOrDefault(r => r.Name == roleName)
            ?? throw new InvalidOperationException($"{roleName} is not delegated by this targets metadata");
        metadata.VerifyThreshold(role.Role, Delegations.Keys, what);
    }

    public static TargetsMetadata Parse(ReadOnlyMemory<byte> data, string what = "targets.json")
    {
        var envelope = SignedMetadata.Parse(data, "targets", what);
        return From(envelope, what);
    }

    private static TargetsMetadata From(SignedMetadata envelope, string what)
    {
        var targets = new Dictionary<string, TargetFileInfo>(StringComparer.Ordinal);
        foreach (var t in TufJson.Object(envelope.SignedElement, "targets", what).EnumerateObject())
        {
            var w = $"{what} target {t.Name}";
            JsonElement? custom = TufJson.Has(t.Value, "custom") ? t.Value.GetProperty("custom").Clone() : null;
            targets[t.Name] = new TargetFileInfo(t.Name, TufFileInfo.Parse(t.Value, w, required: true), custom);
        }

        var delegations = envelope.SignedElement.TryGetProperty("delegations", out var d)
            ? Delegations.Parse(d, what + " delegations")
            : null;
        return new TargetsMetadata(envelope, targets, delegations);
    }
}
