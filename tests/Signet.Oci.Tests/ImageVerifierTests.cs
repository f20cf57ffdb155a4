using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Oci.Signatures;

namespace Signet.Oci.Tests;

/// <summary>
/// Images signed with keys (logged and timestamped by the local Sigstore) in both layouts, verified with the one bundle
/// verifier against the real registry: several signers, moved tags, tampering, attestations, the round-trip bound.
/// </summary>
public sealed class ImageVerifierTests(SigningRegistryFixture fixture) : IClassFixture<SigningRegistryFixture>, IDisposable
{
    private readonly SigningKey _alice = SigningKey.GenerateEcdsaP256();
    private readonly SigningKey _bob = SigningKey.GenerateEcdsaP256();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private Task<ImageVerification> Verify(RegistryClient c, ImageReference r, OciDigest d, SigningKey key, string? predicateType = null, Verifier? verifier = null) =>
        ImageVerifier.VerifyAsync(c, r, d, verifier ?? fixture.Verifier, VerificationPolicy.ForPublicKey(key.PublicKey), predicateType);

    private Task<ManifestContent> SignBoth(RegistryClient c, ImageReference r, SigningKey key) =>
        SigningRegistryFixture.SignBothAsync(c, r, s => Task.FromResult(fixture.WithKey(key, s)));

    [Fact]
    public async Task Two_signers_in_both_layouts_are_all_listed_and_the_policy_picks_its_own()
    {
        using var c = fixture.Client();
        var r = fixture.Ref("verify/two:v1");
        await TestImages.PushImageAsync(c, "verify/two", "v1", "two");
        var target = await SignBoth(c, r, _alice);
        await SignBoth(c, r, _bob);

        var forAlice = await Verify(c, r, target.Digest, _alice);
        Assert.Equal(["bundle", "legacy"], forAlice.Verified.Select(v => v.Layout).Order().ToArray());
        Assert.All(forAlice.Verified, v => Assert.NotEmpty(v.Result.LogEntries));
        Assert.Equal(2, forAlice.Rejected.Count); // bob's two, each named with the failed step

        var forBob = await Verify(c, r, target.Digest, _bob);
        Assert.Equal(2, forBob.Verified.Count);
        Assert.DoesNotContain(forBob.Verified, v => forAlice.Verified.Any(a => a.Source == v.Source));

        using var carol = SigningKey.GenerateEcdsaP256();
        var forCarol = await Verify(c, r, target.Digest, carol);
        Assert.Empty(forCarol.Verified);
        Assert.Equal(4, forCarol.Rejected.Count);
    }

    [Fact]
    public async Task Digest_reference_and_tag_verify_alike_within_three_round_trips_after_the_manifest()
    {
        using var counting = new CountingHandler();
        using var c = fixture.Client(counting);
        await TestImages.PushImageAsync(c, "verify/refs", "v1", "refs");
        var target = await SignBoth(c, fixture.Ref("verify/refs:v1"), _alice);

        foreach (var r in new[] { fixture.Ref("verify/refs:v1"), fixture.Ref($"verify/refs@{target.Digest}") })
        {
            var resolved = await c.ResolveAsync(r);
            Assert.Equal(target.Digest, resolved.Digest);
            counting.StartCounting();
            var result = await Verify(c, r, resolved.Digest, _alice);
            Assert.True(counting.Rounds is > 0 and <= 3, $"{counting.Rounds} rounds: {string.Join(", ", counting.Requests)}");
            Assert.Equal(2, result.Verified.Count);
            Assert.Empty(result.Rejected);
        }
    }

    [Fact]
    public async Task Tag_moved_to_another_digest_has_no_valid_signature_even_with_copied_signatures()
    {
        using var c = fixture.Client();
        var r = fixture.Ref("verify/moved:v1");
        await TestImages.PushImageAsync(c, "verify/moved", "v1", "original");
        var signed = await SignBoth(c, r, _alice);
        var other = await TestImages.PushImageAsync(c, "verify/moved", "v1", "replacement"); // the tag now points elsewhere
        var now = await c.ResolveAsync(r);
        Assert.Equal(other.Digest, now.Digest);

        Assert.Empty((await Verify(c, r, now.Digest, _alice)).Verified);
        Assert.Equal(2, (await Verify(c, r, signed.Digest, _alice)).Verified.Count); // the old digest still verifies

        // An attacker copies the old signatures onto the new digest in both layouts.
        var oldSig = await c.GetManifestAsync("verify/moved", signed.Digest.ToTag(".sig"));
        await c.PutManifestAsync("verify/moved", now.Digest.ToTag(".sig"), oldSig.Bytes, oldSig.MediaType);
        var oldBundle = (await SignatureDiscovery.FindAsync(c, "verify/moved", signed.Digest)).Bundles[0].BundleJson;
        await BundleArtifactLayout.AttachAsync(c, "verify/moved", now.ToDescriptor(), oldBundle, "dsse-envelope", CosignAnnotations.CosignSignPredicateType, DateTimeOffset.UtcNow);

        var copied = await Verify(c, r, now.Digest, _alice);
        Assert.Empty(copied.Verified);
        Assert.Equal(2, copied.Rejected.Count);
        Assert.Contains(copied.Rejected, x => x.Reason.Contains($"names {signed.Digest}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tampered_legacy_layer_and_tampered_bundle_are_rejected()
    {
        using var c = fixture.Client();
        var r = fixture.Ref("verify/tamper:v1");
        await TestImages.PushImageAsync(c, "verify/tamper", "v1", "tamper");
        var target = await SignBoth(c, r, _alice);
        var found = await SignatureDiscovery.FindAsync(c, "verify/tamper", target.Digest);

        // Legacy: same signature annotations, payload with an extra optional claim (pushed as a consistent new blob).
        var forged = found.Legacy[0] with { Payload = SimpleSigningPayload.Create(r.Name, target.Digest, new Dictionary<string, string> { ["extra"] = "claim" }) };
        await c.ReplaceFirstLegacyLayerAsync("verify/tamper", target.Digest, forged);

        // Bundle: the signed statement gains a second subject; the envelope's signature stays.
        var bundle = Signet.Core.Bundles.Bundle.Parse(found.Bundles[0].BundleJson);
        var env = bundle.DsseEnvelope!;
        var statement = System.Text.Encoding.UTF8.GetString(env.Payload).Replace("\"subject\":[", "\"subject\":[{\"name\":\"x\",\"digest\":{\"sha256\":\"" + new string('0', 64) + "\"}},", StringComparison.Ordinal);
        var tampered = bundle with { DsseEnvelope = env with { Payload = System.Text.Encoding.UTF8.GetBytes(statement) } };
        Assert.NotEqual(env.Payload, tampered.DsseEnvelope!.Payload);
        await BundleArtifactLayout.AttachAsync(c, "verify/tamper", target.ToDescriptor(), tampered.ToJson(), "dsse-envelope", CosignAnnotations.CosignSignPredicateType, DateTimeOffset.UtcNow);

        var result = await Verify(c, r, target.Digest, _alice);
        var intact = Assert.Single(result.Verified);
        Assert.Equal("bundle", intact.Layout);
        Assert.Equal(2, result.Rejected.Count);
    }

    [Fact]
    public async Task Attestations_verify_by_predicate_type_and_are_not_signatures()
    {
        using var c = fixture.Client();
        var r = fixture.Ref("verify/attest:v1");
        await TestImages.PushImageAsync(c, "verify/attest", "v1", "attest");
        var target = await c.ResolveAsync(r);
        const string slsa = "https://slsa.dev/provenance/v1";
        var predicate = """{"buildDefinition":{"buildType":"https://example/test"}}"""u8.ToArray();
        foreach (var storage in new[] { SignatureStorage.Legacy, SignatureStorage.Bundle })
        {
            await ImageSigner.AttestAsync(c, r, target, slsa, predicate, fixture.WithKey(_alice, storage), storage, TimeProvider.System);
        }

        var attestations = await Verify(c, r, target.Digest, _alice, slsa);
        Assert.Equal(["bundle", "legacy"], attestations.Verified.Select(v => v.Layout).Order().ToArray());
        Assert.All(attestations.Verified, v => Assert.Equal(slsa, v.Result.Statement!.PredicateType));
        Assert.Empty((await Verify(c, r, target.Digest, _alice, "https://spdx.dev/Document")).Verified);
        Assert.Empty((await Verify(c, r, target.Digest, _alice)).Verified); // an attestation is not an image signature
    }

    [Fact]
    public async Task Signature_without_a_log_entry_verifies_only_when_the_log_is_explicitly_ignored()
    {
        using var c = fixture.Client();
        var r = fixture.Ref("verify/offline:v1");
        await TestImages.PushImageAsync(c, "verify/offline", "v1", "offline");
        var target = await SigningRegistryFixture.SignBothAsync(c, r, _ => Task.FromResult(ImageBundleProducers.OfflineWithKey(_alice)));

        var strict = await Verify(c, r, target.Digest, _alice);
        Assert.Empty(strict.Verified);
        Assert.All(strict.Rejected, x => Assert.Contains("transparency log", x.Reason, StringComparison.OrdinalIgnoreCase));

        var ignoring = new Verifier(TrustedMaterial.FromTrustedRoot(fixture.TrustedRoot),
            VerifierOptions.Default.WithoutTransparencyLogUnsafe().WithoutObserverTimestampsForKeysUnsafe());
        var lax = await Verify(c, r, target.Digest, _alice, verifier: ignoring);
        Assert.Equal(2, lax.Verified.Count);
        Assert.All(lax.Verified, v => Assert.Empty(v.Result.Timestamps));
        Assert.Empty((await Verify(c, r, target.Digest, _bob, verifier: ignoring)).Verified); // the key is still checked
    }

    [Fact]
    public async Task Malformed_bundle_in_a_referrer_is_a_named_rejection_not_a_crash()
    {
        using var c = fixture.Client();
        var r = fixture.Ref("verify/badbundle:v1");
        var target = await TestImages.PushImageAsync(c, "verify/badbundle", "v1", "bad bundle");
        await BundleArtifactLayout.AttachAsync(c, "verify/badbundle", target.ToDescriptor(), "{\"mediaType\": 5}"u8.ToArray(), "dsse-envelope", null, DateTimeOffset.UtcNow);
        await BundleArtifactLayout.AttachAsync(c, "verify/badbundle", target.ToDescriptor(), "not json"u8.ToArray(), "dsse-envelope", null, DateTimeOffset.UtcNow);

        var result = await Verify(c, r, target.Digest, _alice);
        Assert.Empty(result.Verified);
        Assert.Equal(2, result.Rejected.Count);
        Assert.All(result.Rejected, x => Assert.StartsWith("malformed:", x.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(CosignAnnotations.Certificate, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData(CosignAnnotations.Certificate, "not pem at all")]
    [InlineData(CosignAnnotations.RekorBundle, "{\"SignedEntryTimestamp\":\"%%%\"}")]
    [InlineData(CosignAnnotations.Rfc3161Timestamp, "[]")]
    [InlineData(CosignAnnotations.Signature, "***")]
    public async Task Malformed_legacy_annotations_are_a_named_rejection_next_to_a_signature_that_verifies(string annotation, string value)
    {
        using var c = fixture.Client();
        var repo = "verify/malformed-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(annotation + value)))[..12];
        var r = fixture.Ref(repo + ":v1");
        await TestImages.PushImageAsync(c, repo, "v1", "malformed " + annotation + value);
        var target = await SignBoth(c, r, _alice);
        var layer = (await SignatureDiscovery.FindAsync(c, repo, target.Digest)).Legacy[0];
        var annotations = new Dictionary<string, string>(layer.Annotations) { [annotation] = value };
        await c.ReplaceFirstLegacyLayerAsync(repo, target.Digest, layer with { Annotations = annotations });

        var result = await Verify(c, r, target.Digest, _alice);
        Assert.Equal("bundle", Assert.Single(result.Verified).Layout);
        var rejected = Assert.Single(result.Rejected);
        Assert.Contains(".sig layer 0", rejected.Source, StringComparison.Ordinal);
    }
}

internal static class TamperExtensions
{
    /// <summary>Rewrites the .sig image so its first layer is <paramref name="layer"/> (blob pushed, manifest digest-consistent).</summary>
    public static async Task ReplaceFirstLegacyLayerAsync(this RegistryClient c, string repository, OciDigest subject, LegacySignature layer)
    {
        var manifest = (await c.GetManifestAsync(repository, subject.ToTag(".sig"))).AsManifest();
        await c.PushBlobAsync(repository, layer.Payload, layer.MediaType);
        var layers = manifest.Layers.ToList();
        layers[0] = layer.ToDescriptor();
        var bytes = OciJson.Serialize(manifest with { Layers = layers });
        await c.PutManifestAsync(repository, subject.ToTag(".sig"), bytes, OciMediaTypes.ImageManifest);
    }
}
