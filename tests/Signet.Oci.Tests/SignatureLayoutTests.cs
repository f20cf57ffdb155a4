using System.Security.Cryptography;
using System.Text;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Oci.Signatures;

namespace Signet.Oci.Tests;

public sealed class SignatureLayoutTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task Legacy_layout_holds_two_signatures_under_the_sig_tag_as_cosign_lays_them_out()
    {
        using var counting = new CountingHandler();
        using var client = new RegistryClient(fixture.Server.Registry, new RegistryClientOptions { Handler = counting });
        var image = await TestImages.PushImageAsync(client, "layout/legacy", "v1", "legacy");
        var reference = ImageReference.Parse($"{fixture.Server.Registry}/layout/legacy:v1");
        using TestSigner alice = new(), bob = new();
        await LegacySignatureLayout.AppendAsync(client, "layout/legacy", image.Digest, alice.Legacy(reference, image.Digest));
        await LegacySignatureLayout.AppendAsync(client, "layout/legacy", image.Digest, bob.Legacy(reference, image.Digest));
        await LegacySignatureLayout.AppendAsync(client, "layout/legacy", image.Digest, bob.Legacy(reference, image.Digest) with { }); // ECDSA is randomised: a third layer

        // The stored object is what SIGNATURE_SPEC describes.
        var sigImage = (await client.GetManifestAsync("layout/legacy", $"sha256-{image.Digest.Hex}.sig")).AsManifest();
        Assert.Equal(OciMediaTypes.ImageConfig, sigImage.Config.MediaType);
        Assert.Equal(3, sigImage.Layers.Count);
        Assert.All(sigImage.Layers, l => Assert.Equal("application/vnd.dev.cosign.simplesigning.v1+json", l.MediaType));
        Assert.All(sigImage.Layers, l => Assert.True(l.Annotations!.ContainsKey("dev.cosignproject.cosign/signature")));

        var resolved = await client.ResolveAsync(reference);
        counting.StartCounting();
        var found = await SignatureDiscovery.FindAsync(client, "layout/legacy", resolved.Digest);
        // Round 1: .sig tag, referrers API (404) and referrers tag together; round 2: the three payloads.
        Assert.True(counting.Rounds == 2, $"{counting.Rounds} rounds: {string.Join(", ", counting.Requests)}");
        Assert.Equal(3, found.Legacy.Count);
        Assert.Empty(found.Bundles);
        Assert.Empty(found.Failures);

        var payload = SimpleSigningPayload.Parse(found.Legacy[0].Payload);
        Assert.Equal(image.Digest, payload.ManifestDigest);
        Assert.Equal($"{fixture.Server.Registry}/layout/legacy", payload.DockerReference);
        Assert.True(alice.Key.VerifyData(found.Legacy[0].Payload, found.Legacy[0].Signature!, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(bob.Key.VerifyData(found.Legacy[1].Payload, found.Legacy[1].Signature!, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(alice.Key.VerifyData(found.Legacy[1].Payload, found.Legacy[1].Signature!, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task Same_legacy_signature_is_not_appended_twice()
    {
        using var client = new RegistryClient(fixture.Server.Registry);
        var image = await TestImages.PushImageAsync(client, "layout/dedupe", "v1", "dedupe");
        using var signer = new TestSigner();
        var sig = signer.Legacy(ImageReference.Parse($"{fixture.Server.Registry}/layout/dedupe"), image.Digest);
        var first = await LegacySignatureLayout.AppendAsync(client, "layout/dedupe", image.Digest, sig);
        var second = await LegacySignatureLayout.AppendAsync(client, "layout/dedupe", image.Digest, sig);
        Assert.Equal(first, second);
        Assert.Single((await client.GetManifestAsync("layout/dedupe", image.Digest.ToTag(".sig"))).AsManifest().Layers);
    }

    [Fact]
    public async Task Bundle_layout_is_an_oci_artifact_found_through_the_referrers_tag_schema_in_three_rounds()
    {
        using var counting = new CountingHandler();
        using var client = new RegistryClient(fixture.Server.Registry, new RegistryClientOptions { Handler = counting });
        var image = await TestImages.PushImageAsync(client, "layout/bundle", "v1", "bundle");
        var reference = ImageReference.Parse($"{fixture.Server.Registry}/layout/bundle:v1");
        using TestSigner alice = new(), bob = new();
        var aliceBundle = alice.DsseBundle(reference, image.Digest);
        await BundleArtifactLayout.AttachAsync(client, "layout/bundle", image.ToDescriptor(), aliceBundle, "dsse-envelope",
            CosignAnnotations.CosignSignPredicateType, Created);
        await BundleArtifactLayout.AttachAsync(client, "layout/bundle", image.ToDescriptor(), bob.DsseBundle(reference, image.Digest), "dsse-envelope",
            CosignAnnotations.CosignSignPredicateType, Created);
        await LegacySignatureLayout.AppendAsync(client, "layout/bundle", image.Digest, alice.Legacy(reference, image.Digest));

        // BUNDLE_SPEC: the fallback index lists the artifacts with their artifactType and annotations.
        var index = (await client.GetManifestAsync("layout/bundle", image.Digest.ToTag())).AsIndex();
        Assert.Equal(2, index.Manifests.Count);
        Assert.All(index.Manifests, m => Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", m.ArtifactType));
        Assert.All(index.Manifests, m => Assert.Equal("dsse-envelope", m.Annotation("dev.sigstore.bundle.content")));
        var artifact = (await client.GetManifestAsync("layout/bundle", index.Manifests[0].Digest)).AsManifest();
        Assert.Equal("application/vnd.oci.empty.v1+json", artifact.Config.MediaType);
        Assert.Equal("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", artifact.Config.Digest);
        Assert.Equal(2, artifact.Config.Size);
        Assert.Equal(image.Digest.ToString(), artifact.Subject!.Digest);
        Assert.Equal(OciMediaTypes.ImageManifest, artifact.Subject.MediaType);
        Assert.Equal("2026-01-02T03:04:05.000Z", artifact.Annotations!["org.opencontainers.image.created"]);
        Assert.EndsWith(".sigstore.json", artifact.Layers[0].Annotation("org.opencontainers.image.title"), StringComparison.Ordinal);

        var resolved = await client.ResolveAsync(reference);
        counting.StartCounting();
        var found = await SignatureDiscovery.FindAsync(client, "layout/bundle", resolved.Digest);
        // The chain referrers → artifact manifest → bundle blob cannot take fewer than three; it takes no more.
        Assert.True(counting.Rounds == 3, $"{counting.Rounds} rounds: {string.Join(", ", counting.Requests)}");
        Assert.Equal(3 + 1 + 2 + 2, counting.Requests.Count); // .sig, referrers API, referrers tag; 1 payload; 2 manifests; 2 bundles
        Assert.Equal(2, found.Bundles.Count);
        Assert.Single(found.Legacy);
        Assert.Empty(found.Failures);
        Assert.Contains(found.Bundles, b => b.BundleJson.AsSpan().SequenceEqual(aliceBundle));
        var parsed = Bundle.Parse(found.Bundles[0].BundleJson);
        Assert.Equal(MediaTypes.BundleV03, parsed.MediaType);
        Assert.NotNull(parsed.DsseEnvelope);
    }

    [Fact]
    public async Task Tampered_bundle_blob_is_a_failure_next_to_the_intact_signature()
    {
        using var client = new RegistryClient(fixture.Server.Registry);
        var image = await TestImages.PushImageAsync(client, "layout/tamper", "v1", "tamper");
        var reference = ImageReference.Parse($"{fixture.Server.Registry}/layout/tamper:v1");
        using TestSigner alice = new(), bob = new();
        var bobBundle = bob.DsseBundle(reference, image.Digest);
        await BundleArtifactLayout.AttachAsync(client, "layout/tamper", image.ToDescriptor(), alice.DsseBundle(reference, image.Digest), "dsse-envelope", null, Created);
        await BundleArtifactLayout.AttachAsync(client, "layout/tamper", image.ToDescriptor(), bobBundle, "dsse-envelope", null, Created);
        var bobBlob = fixture.Server.BlobPath(OciDigest.Compute(bobBundle));
        var text = await File.ReadAllTextAsync(bobBlob);
        await File.WriteAllTextAsync(bobBlob, text.Replace("test-key", "evil-key", StringComparison.Ordinal));

        var found = await SignatureDiscovery.FindAsync(client, "layout/tamper", image.Digest);
        Assert.Single(found.Bundles);
        var failure = Assert.Single(found.Failures);
        Assert.Contains("does not hash to", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referrer_made_for_another_image_is_not_taken_as_this_images_signature()
    {
        using var client = new RegistryClient(fixture.Server.Registry);
        var image = await TestImages.PushImageAsync(client, "layout/foreign", "v1", "mine");
        var other = await TestImages.PushImageAsync(client, "layout/foreign", "v2", "other");
        using var signer = new TestSigner();
        var reference = ImageReference.Parse($"{fixture.Server.Registry}/layout/foreign");
        var foreign = await BundleArtifactLayout.AttachAsync(client, "layout/foreign", other.ToDescriptor(), signer.DsseBundle(reference, other.Digest),
            "dsse-envelope", null, Created);
        // Someone lists the other image's signature in this image's referrers tag.
        var forged = new OciIndex { Manifests = [foreign] };
        await client.PutManifestAsync("layout/foreign", image.Digest.ToTag(), OciJson.Serialize(forged), OciMediaTypes.ImageIndex);

        var found = await SignatureDiscovery.FindAsync(client, "layout/foreign", image.Digest);
        Assert.Empty(found.Bundles);
        Assert.Contains("subject", Assert.Single(found.Failures).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_attached_is_an_empty_answer()
    {
        using var client = new RegistryClient(fixture.Server.Registry);
        var image = await TestImages.PushImageAsync(client, "layout/none", "v1", "none");
        var found = await SignatureDiscovery.FindAsync(client, "layout/none", image.Digest);
        Assert.Empty(found.Legacy);
        Assert.Empty(found.Bundles);
        Assert.Empty(found.Failures);
    }

    [Fact]
    public void Simple_signing_payload_round_trips_and_rejects_other_types()
    {
        var digest = OciDigest.Compute("image"u8);
        var bytes = SimpleSigningPayload.Create("registry.example/app", digest, new Dictionary<string, string> { ["creator"] = "signet" });
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"docker-manifest-digest\":\"" + digest + "\"", text, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"cosign container image signature\"", text, StringComparison.Ordinal);
        var p = SimpleSigningPayload.Parse(bytes);
        Assert.Equal(digest, p.ManifestDigest);
        Assert.Equal("signet", p.Optional["creator"]);

        // The spec's own example capitalises the key; cosign's Go decoder accepts it, so do we.
        var spec = SimpleSigningPayload.Parse(Encoding.UTF8.GetBytes(
            $$"""{"critical":{"identity":{"docker-reference":"testing/manifest"},"image":{"Docker-manifest-digest":"{{digest}}"},"type":"cosign container image signature"},"optional":{"creator":"atomic","timestamp":1458239713} }"""));
        Assert.Equal(digest, spec.ManifestDigest);
        Assert.Equal("1458239713", spec.Optional["timestamp"]);

        Assert.Throws<SignetFormatException>(() => SimpleSigningPayload.Parse(Encoding.UTF8.GetBytes(text.Replace("cosign container image signature", "atomic container signature", StringComparison.Ordinal))));
        Assert.Throws<SignetFormatException>(() => SimpleSigningPayload.Parse("""{"critical":{"identity":{},"image":{},"type":"cosign container image signature"}}"""u8));
        Assert.Throws<SignetFormatException>(() => SimpleSigningPayload.Parse(Encoding.UTF8.GetBytes(
            $$"""{"critical":{"identity":{},"image":{"docker-manifest-digest":"{{digest}}","Docker-Manifest-Digest":"{{OciDigest.Compute("x"u8)}}"},"type":"cosign container image signature"} }""")));
        Assert.Throws<SignetFormatException>(() => SimpleSigningPayload.Parse("[]"u8));
    }
}
