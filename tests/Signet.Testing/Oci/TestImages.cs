using System.Text;
using Signet.Oci;

namespace Signet.Testing.Oci;

/// <summary>Builds and pushes small images: a config blob, one layer blob and a manifest; or a multi-platform index.</summary>
public static class TestImages
{
    /// <summary>Pushes a one-layer image for <paramref name="platform"/> whose layer holds <paramref name="content"/>; returns the manifest.</summary>
    public static async Task<ManifestContent> PushImageAsync(RegistryClient client, string repository, string? tag, string content, string platform = "linux/amd64")
    {
        var p = OciPlatform.Parse(platform);
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"{{{p.Architecture}}}","os":"{{{p.Os}}}","rootfs":{"type":"layers","diff_ids":[]},"config":{"Labels":{"signet.test":"{{{content}}}"} } }""");
        var layer = Encoding.UTF8.GetBytes("layer: " + content);
        var configDesc = await client.PushBlobAsync(repository, config, OciMediaTypes.ImageConfig);
        var layerDesc = await client.PushBlobAsync(repository, layer, OciMediaTypes.ImageLayer);
        var manifest = new OciManifest { Config = configDesc, Layers = [layerDesc] };
        var bytes = OciJson.Serialize(manifest);
        var digest = OciDigest.Compute(bytes);
        await client.PutManifestAsync(repository, tag ?? digest.ToString(), bytes, OciMediaTypes.ImageManifest);
        return new ManifestContent(bytes, digest, OciMediaTypes.ImageManifest);
    }

    /// <summary>Pushes an index over one image per platform, tagged <paramref name="tag"/>.</summary>
    public static async Task<(ManifestContent Index, IReadOnlyList<ManifestContent> Images)> PushIndexAsync(
        RegistryClient client, string repository, string tag, params string[] platforms)
    {
        var images = new List<ManifestContent>();
        var entries = new List<OciDescriptor>();
        foreach (var platform in platforms)
        {
            var image = await PushImageAsync(client, repository, null, "image for " + platform, platform);
            images.Add(image);
            entries.Add(image.ToDescriptor() with { Platform = OciPlatform.Parse(platform) });
        }

        var bytes = OciJson.Serialize(new OciIndex { Manifests = entries });
        var digest = OciDigest.Compute(bytes);
        await client.PutManifestAsync(repository, tag, bytes, OciMediaTypes.ImageIndex);
        return (new ManifestContent(bytes, digest, OciMediaTypes.ImageIndex), images);
    }
}
