using System.Text.Json.Serialization;

namespace Signet.Client.Oci;

/// <summary>An image manifest (image-spec manifest.md, v1.1 with artifactType and subject); Docker schema 2 has the same shape.</summary>
public sealed record OciManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; } = OciMediaTypes.ImageManifest;

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("config")]
    public required OciDescriptor Config { get; init; }

    [JsonPropertyName("layers")]
    public required IReadOnlyList<OciDescriptor> Layers { get; init; }

    [JsonPropertyName("subject")]
    public OciDescriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>An image index (image-spec image-index.md); also the referrers list and Docker's manifest list.</summary>
public sealed record OciIndex
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; } = OciMediaTypes.ImageIndex;

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("manifests")]
    public required IReadOnlyList<OciDescriptor> Manifests { get; init; }

    [JsonPropertyName("subject")]
    public OciDescriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public static OciIndex Empty { get; } = new() { Manifests = [] };
}
