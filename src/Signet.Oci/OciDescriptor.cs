using System.Text.Json.Serialization;

namespace Signet.Oci;

/// <summary>A content descriptor (image-spec descriptor.md): what a manifest, index or referrers list points at.</summary>
public sealed record OciDescriptor
{
    /// <summary>The media type of the content.</summary>
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    /// <summary>The content digest, <c>algorithm:hex</c>.</summary>
    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    /// <summary>The content size in bytes.</summary>
    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>The artifact type of an artifact manifest (referrers), or null.</summary>
    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>The annotations, or null.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The platform of an index entry, or null.</summary>
    [JsonPropertyName("platform")]
    public OciPlatform? Platform { get; init; }

    /// <summary>Optional embedded content, base64 (descriptor.md §Embedded Content); checked against digest when used.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }

    /// <summary>Other places the content may be fetched from, or null.</summary>
    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>The parsed digest; malformed → SignetFormatException.</summary>
    [JsonIgnore]
    public OciDigest ParsedDigest => OciDigest.Parse(Digest, "descriptor digest");

    /// <summary>The annotation <paramref name="key"/>, or null.</summary>
    public string? Annotation(string key) => Annotations is not null && Annotations.TryGetValue(key, out var v) ? v : null;

    /// <summary>A descriptor of <paramref name="content"/>.</summary>
    public static OciDescriptor Of(string mediaType, ReadOnlySpan<byte> content, IReadOnlyDictionary<string, string>? annotations = null) =>
        new() { MediaType = mediaType, Digest = OciDigest.Compute(content).ToString(), Size = content.Length, Annotations = annotations };
}

/// <summary>The platform of an index entry (image-spec image-index.md): os, architecture, variant.</summary>
public sealed record OciPlatform
{
    /// <summary>The CPU architecture (<c>amd64</c>, <c>arm64</c>, …).</summary>
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    /// <summary>The operating system (<c>linux</c>, <c>windows</c>, …).</summary>
    [JsonPropertyName("os")]
    public required string Os { get; init; }

    /// <summary>The operating system version, or null.</summary>
    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    /// <summary>Required operating system features, or null.</summary>
    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    /// <summary>The CPU variant (<c>v8</c>, …), or null.</summary>
    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    /// <summary>Parses <c>os/arch[/variant]</c> as docker's <c>--platform</c> takes it.</summary>
    public static OciPlatform Parse(string value)
    {
        var parts = value.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new Core.SignetFormatException($"platform: '{value}' is not os/arch[/variant]");
        }

        return new OciPlatform { Os = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null };
    }

    /// <summary>The platform as <c>os/arch[/variant]</c>.</summary>
    public override string ToString() => $"{Os}/{Architecture}" + (Variant is null ? "" : "/" + Variant);
}
