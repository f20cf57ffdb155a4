namespace Signet.Oci;

/// <summary>Media types of OCI image-spec 1.1, Docker schema 2, cosign and Sigstore.</summary>
public static class OciMediaTypes
{
    /// <summary>OCI image manifest.</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    /// <summary>OCI image index.</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    /// <summary>OCI image config.</summary>
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";
    /// <summary>OCI layer, uncompressed tar.</summary>
    public const string ImageLayer = "application/vnd.oci.image.layer.v1.tar";
    /// <summary>OCI layer, gzip-compressed tar.</summary>
    public const string ImageLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>The empty descriptor's media type; its content is the two bytes <c>{}</c> (image-spec manifest.md §Guidance for an Empty Descriptor).</summary>
    public const string Empty = "application/vnd.oci.empty.v1+json";

    /// <summary>Docker image manifest, schema 2.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    /// <summary>Docker manifest list (multi-platform).</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    /// <summary>Docker container config.</summary>
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>cosign SIGNATURE_SPEC §Simple Signing: the payload layer of a legacy signature.</summary>
    public const string CosignSimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>cosign ATTESTATION_SPEC: a DSSE envelope layer of a legacy attestation.</summary>
    public const string DsseEnvelope = "application/vnd.dsse.envelope.v1+json";

    /// <summary>Every manifest media type a pull asks for in <c>Accept</c>.</summary>
    public static readonly IReadOnlyList<string> AllManifests = [ImageManifest, ImageIndex, DockerManifest, DockerManifestList];

    /// <summary>Whether <paramref name="mediaType"/> is an index (OCI or Docker).</summary>
    public static bool IsIndex(string? mediaType) => mediaType is ImageIndex or DockerManifestList;

    /// <summary>Whether <paramref name="mediaType"/> is a single-image manifest (OCI or Docker).</summary>
    public static bool IsManifest(string? mediaType) => mediaType is ImageManifest or DockerManifest;
}
