using Signet.Core;

namespace Signet.Oci.Tests;

public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("alpine", "docker.io", "library/alpine", null, "latest")]
    [InlineData("alpine:3.20", "docker.io", "library/alpine", "3.20", "3.20")]
    [InlineData("user/app", "docker.io", "user/app", null, "latest")]
    [InlineData("ghcr.io/org/team/app:v1.2", "ghcr.io", "org/team/app", "v1.2", "v1.2")]
    [InlineData("localhost:5000/app", "localhost:5000", "app", null, "latest")]
    [InlineData("127.0.0.1:5000/a/b_c__d-e.f:t", "127.0.0.1:5000", "a/b_c__d-e.f", "t", "t")]
    [InlineData("[::1]:5000/app:v", "[::1]:5000", "app", "v", "v")]
    public void Parses_registry_repository_and_tag(string text, string registry, string repository, string? tag, string reference)
    {
        var r = ImageReference.Parse(text);
        Assert.Equal(registry, r.Registry);
        Assert.Equal(repository, r.Repository);
        Assert.Equal(tag, r.Tag);
        Assert.Equal(reference, r.Reference);
    }

    [Fact]
    public void Digest_wins_over_tag_for_the_manifest_reference()
    {
        var r = ImageReference.Parse($"registry.example/app:v1@sha256:{Hex}");
        Assert.Equal("v1", r.Tag);
        Assert.Equal($"sha256:{Hex}", r.Reference);
        Assert.Equal($"registry.example/app:v1@sha256:{Hex}", r.ToString());
        Assert.Equal($"sha256-{Hex}.sig", r.Digest!.Value.ToTag(".sig"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("registry.example/UPPER")]
    [InlineData("registry.example/App")]
    [InlineData("registry.example/app:")]
    [InlineData("registry.example/app:-bad")]
    [InlineData("registry.example/app@sha256:short")]
    [InlineData("registry.example/app@md5:0123456789abcdef0123456789abcdef")]
    [InlineData("registry.example//app")]
    [InlineData("registry.example/app/")]
    public void Malformed_references_are_format_errors(string text) =>
        Assert.Throws<SignetFormatException>(() => ImageReference.Parse(text));

    [Fact]
    public void Digest_parse_rejects_uppercase_and_wrong_length()
    {
        Assert.False(OciDigest.TryParse("sha256:" + Hex.ToUpperInvariant(), out _));
        Assert.False(OciDigest.TryParse("sha256:" + Hex[1..], out _));
        Assert.True(OciDigest.TryParse("sha512:" + Hex + Hex, out var d));
        Assert.Equal("sha512", d.Algorithm);
        Assert.True(OciDigest.Compute("abc"u8).Matches("abc"u8));
        Assert.False(OciDigest.Compute("abc"u8).Matches("abd"u8));
    }

    [Fact]
    public void Manifest_json_errors_name_the_document()
    {
        var e = Assert.Throws<SignetFormatException>(() => OciJson.ParseManifest("""{"schemaVersion":2,"layers":[]}"""u8));
        Assert.Contains("image manifest", e.Message, StringComparison.Ordinal);
        Assert.Throws<SignetFormatException>(() => OciJson.ParseManifest("""{"schemaVersion":1,"config":{"mediaType":"x","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1},"layers":[]}"""u8));
        Assert.Throws<SignetFormatException>(() => OciJson.ParseIndex("""{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"nope","size":1}]}"""u8));
        Assert.Throws<SignetFormatException>(() => OciJson.ParseIndex("not json"u8));
    }
}
