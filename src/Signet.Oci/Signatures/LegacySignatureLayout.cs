using System.Text;

namespace Signet.Oci.Signatures;

/// <summary>
/// cosign's tag-based layout (SIGNATURE_SPEC §Storage): signatures of the image with digest D live in the same
/// repository in one image tagged <c>sha256-HEX.sig</c> (attestations <c>.att</c>, SBOMs <c>.sbom</c>), one layer per signature.
/// </summary>
public static class LegacySignatureLayout
{
    /// <summary>The manifest at the signature tag, or null when nothing is attached (round-trip 1 of a read).</summary>
    public static async Task<OciManifest?> GetManifestAsync(RegistryClient client, string repository, OciDigest subject, string tagSuffix,
        CancellationToken cancellationToken = default)
    {
        var content = await client.TryGetManifestAsync(repository, subject.ToTag(tagSuffix), cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        if (content.IsIndex)
        {
            throw new RegistryException(RegistryErrorKind.Protocol, $"{repository}:{subject.ToTag(tagSuffix)} is an index, not a signature image");
        }

        return content.AsManifest();
    }

    /// <summary>The layers of a signature image with their payloads, fetched together (round-trip 2 of a read).</summary>
    public static async Task<IReadOnlyList<LegacySignature>> ReadLayersAsync(RegistryClient client, string repository, OciManifest manifest,
        CancellationToken cancellationToken = default)
    {
        var fetches = manifest.Layers
            .Select(l => client.GetBlobAsync(repository, l.ParsedDigest, cancellationToken))
            .ToArray();
        var payloads = await Task.WhenAll(fetches).ConfigureAwait(false);
        return manifest.Layers.Select((l, i) => new LegacySignature(l.MediaType, payloads[i],
            l.Annotations ?? new Dictionary<string, string>())).ToList();
    }

    /// <summary>
    /// Adds <paramref name="signature"/> as a layer of the signature image of <paramref name="subject"/>, keeping the
    /// signatures already there; the same payload with the same annotations is not added twice.
    /// </summary>
    public static async Task<OciDigest> AppendAsync(RegistryClient client, string repository, OciDigest subject, LegacySignature signature,
        string tagSuffix = CosignAnnotations.SignatureTagSuffix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var existing = await GetManifestAsync(client, repository, subject, tagSuffix, cancellationToken).ConfigureAwait(false);
        var layers = existing?.Layers.ToList() ?? [];
        var layer = signature.ToDescriptor();
        if (layers.Any(l => l.Digest == layer.Digest && SameAnnotations(l.Annotations, layer.Annotations)))
        {
            return OciDigest.Compute(OciJson.Serialize(existing!));
        }

        await client.PushBlobAsync(repository, signature.Payload, signature.MediaType, cancellationToken: cancellationToken).ConfigureAwait(false);
        layers.Add(layer);
        var config = ConfigFor(layers);
        var configDescriptor = await client.PushBlobAsync(repository, config, OciMediaTypes.ImageConfig, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var manifest = new OciManifest { Config = configDescriptor, Layers = layers };
        var bytes = OciJson.Serialize(manifest);
        var (digest, _) = await client.PutManifestAsync(repository, subject.ToTag(tagSuffix), bytes, OciMediaTypes.ImageManifest, cancellationToken)
            .ConfigureAwait(false);
        return digest;
    }

    // The image config cosign's signature images carry (an empty image config whose rootfs lists the layers).
    private static byte[] ConfigFor(IReadOnlyList<OciDescriptor> layers)
    {
        var sb = new StringBuilder("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[");
        sb.AppendJoin(',', layers.Select(_ => "{\"created\":\"0001-01-01T00:00:00Z\"}"));
        sb.Append("],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
        sb.AppendJoin(',', layers.Select(l => $"\"{l.Digest}\""));
        sb.Append("]},\"config\":{}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static bool SameAnnotations(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
