using System.Globalization;
using Signet.Core.Bundles;

namespace Signet.Oci.Signatures;

/// <summary>A Sigstore bundle attached as an OCI 1.1 artifact, with the manifest that carried it.</summary>
public sealed record BundleArtifact(OciDescriptor Manifest, IReadOnlyDictionary<string, string> Annotations, byte[] BundleJson);

/// <summary>
/// cosign's bundle layout (BUNDLE_SPEC §Storage): the bundle JSON is a blob; a manifest with
/// <c>artifactType application/vnd.dev.sigstore.bundle.v0.3+json</c>, the empty config, the bundle as its only layer
/// and the image as <c>subject</c> refers to it; it is found through the referrers API or the referrers tag schema.
/// </summary>
public static class BundleArtifactLayout
{
    /// <summary>The empty JSON object that the empty descriptor points at (image-spec manifest.md §Guidance for an Empty Descriptor).</summary>
    public static ReadOnlyMemory<byte> EmptyConfig { get; } = "{}"u8.ToArray();

    /// <summary>Pushes <paramref name="bundleJson"/> and its artifact manifest referring to <paramref name="subject"/>.</summary>
    public static async Task<OciDescriptor> AttachAsync(RegistryClient client, string repository, OciDescriptor subject, byte[] bundleJson,
        string content, string? predicateType, DateTimeOffset created, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var config = await client.PushBlobAsync(repository, EmptyConfig, OciMediaTypes.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
        var bundleDigest = OciDigest.Compute(bundleJson);
        var layer = await client.PushBlobAsync(repository, bundleJson, MediaTypes.BundleV03, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        layer = layer with
        {
            // BUNDLE_SPEC §Layer Annotations: {alg}-{hex}.sigstore.json
            Annotations = new Dictionary<string, string> { [CosignAnnotations.Title] = bundleDigest.ToTag(".sigstore.json") },
        };
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CosignAnnotations.BundleContent] = content,
            [CosignAnnotations.Created] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (predicateType is not null)
        {
            annotations[CosignAnnotations.BundlePredicateType] = predicateType;
        }

        var manifest = new OciManifest
        {
            ArtifactType = MediaTypes.BundleV03,
            Config = config,
            Layers = [layer],
            Subject = new OciDescriptor { MediaType = subject.MediaType, Digest = subject.Digest, Size = subject.Size },
            Annotations = annotations,
        };
        return await client.PushReferrerAsync(repository, manifest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bundle artifacts listed for <paramref name="subject"/> (round-trip 1 of a read).</summary>
    public static Task<IReadOnlyList<OciDescriptor>> ListAsync(RegistryClient client, string repository, OciDigest subject,
        CancellationToken cancellationToken = default) =>
        client.GetReferrersAsync(repository, subject, MediaTypes.BundleV03, cancellationToken);

    /// <summary>
    /// The artifact manifest (round-trip 2) checked to be a bundle artifact whose subject is
    /// <paramref name="subject"/>; returns the bundle layer's descriptor.
    /// </summary>
    public static async Task<(OciManifest Manifest, OciDescriptor BundleLayer)> GetManifestAsync(RegistryClient client, string repository,
        OciDescriptor artifact, OciDigest subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var content = await client.GetManifestAsync(repository, artifact.ParsedDigest.ToString(), cancellationToken).ConfigureAwait(false);
        var manifest = content.AsManifest();
        if (manifest.ArtifactType != MediaTypes.BundleV03)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"artifact {artifact.Digest}: artifactType is '{manifest.ArtifactType}', not a Sigstore bundle");
        }

        // A referrer listed for one image but made for another is not a signature of this image.
        if (manifest.Subject?.Digest != subject.ToString())
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"artifact {artifact.Digest}: its subject is {manifest.Subject?.Digest ?? "missing"}, not {subject}");
        }

        var layer = manifest.Layers.Count > 0 ? manifest.Layers[0] : null;
        if (layer is null || layer.MediaType != MediaTypes.BundleV03)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"artifact {artifact.Digest}: first layer is not a {MediaTypes.BundleV03}");
        }

        return (manifest, layer);
    }
}
