using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Oci.Signatures;

namespace Signet.Oci.Tests;

/// <summary>
/// A signature made by real cosign (keyless, GitHub Actions identity, logged in the public-good Rekor) verifies in
/// Signet against the production trusted root with its real identity, from the test registry where it sits in
/// cosign's legacy layout next to the image index it is about; and it is rejected for anything else.
/// </summary>
public sealed class CosignInteropTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private static Verifier Production() =>
        new(TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(CosignFixture.Data("production_trusted_root.json"))));

    private static readonly VerificationPolicy CosignSigner = VerificationPolicy.ForIdentity(CosignFixture.Identity, CosignFixture.Issuer);

    private RegistryClient Client() => new(fixture.Server.Registry);

    private ImageReference Ref(string repository, string tag = "server") => ImageReference.Parse($"{fixture.Server.Registry}/{repository}:{tag}");

    [Fact]
    public async Task Cosign_keyless_legacy_signature_verifies_against_the_production_root_with_its_real_identity()
    {
        using var c = Client();
        const string repository = "salrashid123/server_image";
        await CosignFixture.PushSignedImageAsync(fixture.Server, c, repository, "server");
        var resolved = await c.ResolveAsync(Ref(repository));
        Assert.Equal(CosignFixture.SignedDigest, resolved.Digest);
        Assert.True(resolved.IsIndex);

        var result = await ImageVerifier.VerifyAsync(c, Ref(repository), resolved.Digest, Production(), CosignSigner);

        var verified = Assert.Single(result.Verified);
        Assert.Empty(result.Rejected);
        Assert.Equal("legacy", verified.Layout);
        Assert.Equal(CosignFixture.Identity, verified.Result.Certificate!.SubjectAlternativeName);
        Assert.Equal(CosignFixture.Issuer, verified.Result.Certificate.Issuer);
        var entry = Assert.Single(verified.Result.LogEntries);
        Assert.Equal(CosignFixture.LogIndex, entry.LogIndex);
        Assert.True(entry.SignedEntryTimestampVerified);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(CosignFixture.IntegratedTime), entry.IntegratedTime);
    }

    [Fact]
    public async Task Cosign_signature_is_rejected_for_another_identity_issuer_or_key()
    {
        using var c = Client();
        const string repository = "cosign/wrong-identity";
        await CosignFixture.PushSignedImageAsync(fixture.Server, c, repository, "server");
        using var key = SigningKey.GenerateEcdsaP256();
        var policies = new (VerificationPolicy Policy, string Why)[]
        {
            (VerificationPolicy.ForIdentity(CosignFixture.Identity.Replace("v0.0.30", "v0.0.29", StringComparison.Ordinal), CosignFixture.Issuer), "Policy: certificate identity"),
            (VerificationPolicy.ForIdentity(CosignFixture.Identity, "https://accounts.google.com"), "Policy:"),
            (VerificationPolicy.ForPublicKey(key.PublicKey), "Policy: a key was given, but the bundle is signed with a certificate"),
        };
        foreach (var (policy, why) in policies)
        {
            var result = await ImageVerifier.VerifyAsync(c, Ref(repository), CosignFixture.SignedDigest, Production(), policy);
            Assert.Empty(result.Verified);
            Assert.StartsWith(why, Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cosign_signature_is_rejected_under_a_trusted_root_that_is_not_the_one_it_chains_to()
    {
        using var c = Client();
        const string repository = "cosign/other-root";
        await CosignFixture.PushSignedImageAsync(fixture.Server, c, repository, "server");
        var production = TrustedRoot.Parse(CosignFixture.Data("production_trusted_root.json"));
        var withoutFulcio = new Verifier(TrustedMaterial.FromTrustedRoot(production with { CertificateAuthorities = [] }));
        var withoutRekor = new Verifier(TrustedMaterial.FromTrustedRoot(production with { Tlogs = [] }));

        foreach (var (verifier, why) in new[] { (withoutFulcio, "Certificate: the signing certificate was not issued"), (withoutRekor, "TransparencyLog:") })
        {
            var result = await ImageVerifier.VerifyAsync(c, Ref(repository), CosignFixture.SignedDigest, verifier, CosignSigner);
            Assert.Empty(result.Verified);
            Assert.StartsWith(why, Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cosign_signature_copied_onto_another_image_digest_is_rejected()
    {
        using var c = Client();
        const string repository = "cosign/copied";
        var other = await TestImages.PushImageAsync(c, repository, "other", "not the signed image");
        await CosignFixture.PushSignatureAsync(c, repository, other.Digest); // cosign's signature image, tagged for the other digest

        var result = await ImageVerifier.VerifyAsync(c, Ref(repository, "other"), other.Digest, Production(), CosignSigner);
        Assert.Empty(result.Verified);
        Assert.Contains($"names {CosignFixture.SignedDigest}", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cosign_signature_with_a_tampered_payload_or_log_entry_is_rejected()
    {
        using var c = Client();
        const string repository = "cosign/tampered";
        await CosignFixture.PushSignedImageAsync(fixture.Server, c, repository, "server");
        var layer = (await SignatureDiscovery.FindAsync(c, repository, CosignFixture.SignedDigest)).Legacy[0];

        // The payload gains an optional claim: a consistent new blob, cosign's signature annotations unchanged.
        var payload = SimpleSigningPayload.Create(CosignFixture.DockerReference, CosignFixture.SignedDigest, new Dictionary<string, string> { ["extra"] = "claim" });
        await c.ReplaceFirstLegacyLayerAsync(repository, CosignFixture.SignedDigest, layer with { Payload = payload });
        var forged = await ImageVerifier.VerifyAsync(c, Ref(repository), CosignFixture.SignedDigest, Production(), CosignSigner);
        Assert.Empty(forged.Verified);
        Assert.StartsWith("TransparencyLog: log entry does not match the bundle", Assert.Single(forged.Rejected).Reason, StringComparison.Ordinal);

        // The Rekor bundle claims another log index: the signed entry timestamp no longer covers it.
        var moved = layer.RekorBundleJson!.Replace($"\"logIndex\":{CosignFixture.LogIndex}", $"\"logIndex\":{CosignFixture.LogIndex + 1}", StringComparison.Ordinal);
        Assert.NotEqual(layer.RekorBundleJson, moved);
        var annotations = new Dictionary<string, string>(layer.Annotations) { [CosignAnnotations.RekorBundle] = moved };
        await c.ReplaceFirstLegacyLayerAsync(repository, CosignFixture.SignedDigest, layer with { Annotations = annotations });
        var relogged = await ImageVerifier.VerifyAsync(c, Ref(repository), CosignFixture.SignedDigest, Production(), CosignSigner);
        Assert.Empty(relogged.Verified);
        Assert.Contains("the signed entry timestamp does not verify", Assert.Single(relogged.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixture_payload_is_the_logged_layer_and_names_the_index_digest()
    {
        var payload = CosignFixture.Data("cosign/server_image.simplesigning.json");
        var parsed = SimpleSigningPayload.Parse(payload);
        Assert.Equal(CosignFixture.SignedDigest, parsed.ManifestDigest);
        Assert.Equal(CosignFixture.DockerReference, parsed.DockerReference);
        Assert.Equal(CosignFixture.SignedDigest, OciDigest.Compute(CosignFixture.Index));
        var layer = OciJson.ParseManifest(CosignFixture.Data("cosign/server_image.sig.manifest.json")).Layers[0];
        Assert.Equal(layer.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(payload)));
    }

    [Fact]
    public void Cosign_chain_annotation_up_to_the_root_becomes_a_bundle_chain_without_the_root()
    {
        var layer = OciJson.ParseManifest(CosignFixture.Data("cosign/server_image.sig.manifest.json")).Layers[0];
        var signature = new LegacySignature(layer.MediaType, CosignFixture.Data("cosign/server_image.simplesigning.json"), layer.Annotations!);
        Assert.Equal(2, Signet.Core.Encoding.Pem.DecodeAll(signature.ChainPem!).Count); // cosign wrote intermediate and root

        var chain = LegacyBundleConversion.ToBundle(signature).VerificationMaterial.X509CertificateChain!;
        Assert.Equal(2, chain.Count); // the leaf and the intermediate: the trust anchor comes from the trusted root
        Assert.Equal(Signet.Core.Encoding.Pem.Decode(signature.CertificatePem!, "CERTIFICATE"), chain[0]);
    }
}
