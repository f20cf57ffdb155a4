using System.Text;

namespace Signet.Oci.Tests;

/// <summary>
/// The exact bytes OciJson writes for a manifest and an index with every field set: member names, member order (a
/// manifest's digest depends on it) and escaping are pinned, and reading them back gives the same values.
/// </summary>
public sealed class OciJsonTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly OciDescriptor Full = new()
    {
        MediaType = "application/vnd.example.layer",
        Digest = "sha256:" + Hex,
        Size = 2,
        ArtifactType = "application/vnd.example.artifact",
        Annotations = new Dictionary<string, string> { ["org.example.key"] = "value" },
        Platform = new OciPlatform { Architecture = "arm64", Os = "windows", OsVersion = "10.0.17763", OsFeatures = ["win32k"], Variant = "v8" },
        Data = "e30=",
        Urls = ["https://blobs.example/layer"],
    };

    // JSON written with ' for " (J below), so the expected text reads as it is written.
    private static readonly string FullJson = J(
        "{'mediaType':'application/vnd.example.layer','digest':'sha256:" + Hex + "','size':2," +
        "'artifactType':'application/vnd.example.artifact','annotations':{'org.example.key':'value'}," +
        "'platform':{'architecture':'arm64','os':'windows','os.version':'10.0.17763','os.features':['win32k'],'variant':'v8'}," +
        "'data':'e30=','urls':['https://blobs.example/layer']}");

    private static readonly string MinimalJson = J("{'mediaType':'application/vnd.example.config','digest':'sha256:" + Hex + "','size':7}");

    private static readonly OciDescriptor Minimal = new() { MediaType = "application/vnd.example.config", Digest = "sha256:" + Hex, Size = 7 };

    [Fact]
    public void A_manifest_with_every_field_is_written_exactly()
    {
        var manifest = new OciManifest
        {
            ArtifactType = "application/vnd.example.artifact",
            Config = Minimal,
            Layers = [Full, Minimal],
            Subject = Minimal,
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-01-01T00:00:00Z" },
        };

        var json = Encoding.UTF8.GetString(OciJson.Serialize(manifest));

        Assert.Equal(
            J("{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1\\u002Bjson','artifactType':'application/vnd.example.artifact',") +
            J("'config':") + MinimalJson + J(",'layers':[") + FullJson + "," + MinimalJson + J("],'subject':") + MinimalJson + "," +
            J("'annotations':{'org.opencontainers.image.created':'2026-01-01T00:00:00Z'}}"),
            json);
        var back = OciJson.ParseManifest(Encoding.UTF8.GetBytes(json));
        Assert.Equal(Full with { Annotations = null, Platform = null, Urls = null }, back.Layers[0] with { Annotations = null, Platform = null, Urls = null });
        Assert.Equal("10.0.17763", back.Layers[0].Platform!.OsVersion);
        Assert.Equal(["win32k"], back.Layers[0].Platform!.OsFeatures!);
        Assert.Equal(["https://blobs.example/layer"], back.Layers[0].Urls!);
        Assert.Equal("value", back.Layers[0].Annotation("org.example.key"));
    }

    [Fact]
    public void An_index_with_every_field_is_written_exactly()
    {
        var index = new OciIndex
        {
            ArtifactType = "application/vnd.example.artifact",
            Manifests = [Full],
            Subject = Minimal,
            Annotations = new Dictionary<string, string> { ["a"] = "b" },
        };

        var json = Encoding.UTF8.GetString(OciJson.Serialize(index));

        Assert.Equal(
            J("{'schemaVersion':2,'mediaType':'application/vnd.oci.image.index.v1\\u002Bjson','artifactType':'application/vnd.example.artifact',") +
            J("'manifests':[") + FullJson + J("],'subject':") + MinimalJson + J(",'annotations':{'a':'b'}}"),
            json);
        var back = OciJson.ParseIndex(Encoding.UTF8.GetBytes(json));
        Assert.Equal("arm64", back.Manifests[0].Platform!.Architecture);
        Assert.Equal(Minimal, back.Subject);
    }

    private static string J(string text) => text.Replace('\'', '"');
}
