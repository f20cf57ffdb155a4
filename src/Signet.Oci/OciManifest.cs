using System.Text.Json.Serialization;

namespace Signet.Oci;

/// <summary>An image manifest (image-spec manifest.md, v1.1 with artifactType and subject); Docker schema 2 has the same shape.</summary>
public sealed record OciManifest
{
    /// <summary>Always 2.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    /// <summary>The media type the document declares.</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; } = OciMediaTypes.ImageManifest;

    /// <summary>The artifact type (image-spec v1.1 artifacts), or null.</summary>
    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>The config blob.</summary>
    [JsonPropertyName("config")]
    public required OciDescriptor Config { get; init; }

    /// <summary>The layers, in order.</summary>
    [JsonPropertyName("layers")]
    public required IReadOnlyList<OciDescriptor> Layers { get; init; }

    /// <summary>The manifest this one refers to (OCI 1.1 referrers), or null.</summary>
    [JsonPropertyName("subject")]
    public OciDescriptor? Subject { get; init; }

    /// <summary>The annotations, or null.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>An image index (image-spec image-index.md); also the referrers list and Docker's manifest list.</summary>
public sealed record OciIndex
{
    /// <summary>Always 2.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    /// <summary>The media type the document declares.</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; } = OciMediaTypes.ImageIndex;

    /// <summary>The artifact type (referrers lists filter by it), or null.</summary>
    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>The manifests the index lists.</summary>
    [JsonPropertyName("manifests")]
    public required IReadOnlyList<OciDescriptor> Manifests { get; init; }

    /// <summary>The manifest this index refers to, or null.</summary>
    [JsonPropertyName("subject")]
    public OciDescriptor? Subject { get; init; }

    /// <summary>The annotations, or null.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>An index with no manifests.</summary>
    public static OciIndex Empty { get; } = new() { Manifests = [] };
}
