using System.Text.Json.Serialization;

namespace Signet.Client.Oci;

/// <summary>A content descriptor (image-spec descriptor.md): what a manifest, index or referrers list points at.</summary>
public sealed record OciDescriptor
{
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("platform")]
    public OciPlatform? Platform { get; init; }

    /// <summary>Optional embedded content, base64 (descriptor.md §Embedded Content); checked against digest when used.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }

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
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string Os { get; init; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OsFeatures { get; init; }

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

    public override string ToString() => $"{Os}/{Architecture}" + (Variant is null ? "" : "/" + Variant);
}
