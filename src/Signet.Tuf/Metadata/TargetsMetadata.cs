using System.Text.Json;
using Signet.Tuf.Json;

namespace Signet.Tuf.Metadata;

/// <summary>A target file as targets metadata lists it (TUF §4.5 TARGETS): length, hashes and optional custom data.</summary>
public sealed record TargetFileInfo(string Path, TufFileInfo File, JsonElement? Custom);

/// <summary>Targets metadata (TUF §4.5): the target files with their lengths and hashes.</summary>
public sealed class TargetsMetadata
{
    private TargetsMetadata(SignedMetadata envelope, IReadOnlyDictionary<string, TargetFileInfo> targets, bool hasDelegations)
    {
        Envelope = envelope;
        Targets = targets;
        HasDelegations = hasDelegations;
    }

    public SignedMetadata Envelope { get; }

    public long Version => Envelope.Version;

    public IReadOnlyDictionary<string, TargetFileInfo> Targets { get; }

    /// <summary>Whether the file delegates to other roles (Signet reads targets of the top-level role only).</summary>
    public bool HasDelegations { get; }

    public static TargetsMetadata Parse(ReadOnlyMemory<byte> data, string what = "targets.json")
    {
        var envelope = SignedMetadata.Parse(data, "targets", what);
        var targets = new Dictionary<string, TargetFileInfo>(StringComparer.Ordinal);
        foreach (var t in TufJson.Object(envelope.SignedElement, "targets", what).EnumerateObject())
        {
            var w = $"{what} target {t.Name}";
            JsonElement? custom = t.Value.TryGetProperty("custom", out var c) ? c.Clone() : null;
            targets[t.Name] = new TargetFileInfo(t.Name, TufFileInfo.Parse(t.Value, w, required: true), custom);
        }

        return new TargetsMetadata(envelope, targets, envelope.SignedElement.TryGetProperty("delegations", out _));
    }
}
