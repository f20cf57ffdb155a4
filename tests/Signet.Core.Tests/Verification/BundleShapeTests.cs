using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Client-spec §4 "Verification", first step: the bundle is parsed and has what its version requires
/// (protobuf-specs sigstore_bundle.proto) — refused as malformed input, or as an incomplete bundle.
/// </summary>
public sealed class BundleShapeTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    [Fact]
    public async Task An_unknown_bundle_media_type_is_malformed()
    {
        var bundle = await IssueAsync();
        var json = (bundle with { MediaType = "application/vnd.dev.sigstore.bundle.v0.9+json" }).ToJson();

        var e = Assert.Throws<SignetFormatException>(() => Bundle.Parse(json));
        Assert.Contains("mediaType", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_v03_bundle_with_a_certificate_chain_is_malformed()
    {
        var v2 = await IssueAsync(new BundleRequest { MinorVersion = 2 });
        var bundle = v2 with { MediaType = MediaTypes.BundleV03 };

        var e = Assert.Throws<SignetFormatException>(() => Bundle.Parse(bundle.ToJson()));
        Assert.Contains("x509CertificateChain: not allowed in a v0.3 bundle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_with_both_a_message_signature_and_an_envelope_is_malformed()
    {
        var dsse = await IssueAsync(new BundleRequest { Dsse = true });
        var message = await IssueAsync();
        var bundle = dsse with { MessageSignature = message.MessageSignature };

        var e = Assert.Throws<SignetFormatException>(() => Bundle.Parse(bundle.ToJson()));
        Assert.Contains("exactly one of messageSignature and dsseEnvelope", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_v01_entry_without_an_inclusion_promise_is_incomplete()
    {
        var bundle = WithEntry(await IssueAsync(new BundleRequest { MinorVersion = 1 }), e => e with { SignedEntryTimestamp = null });

        AssertRefused(VerificationErrorCode.BundleIncomplete, "a v0.1 bundle entry needs an inclusion promise", () => Verify(bundle));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_v02_or_later_entry_without_an_inclusion_proof_is_incomplete(int version)
    {
        var bundle = WithEntry(await IssueAsync(new BundleRequest { MinorVersion = version }), e => e with { InclusionProof = null });

        AssertRefused(VerificationErrorCode.BundleIncomplete, $"a v0.{version} bundle entry needs an inclusion proof", () => Verify(bundle));
    }

    [Fact]
    public async Task A_v03_inclusion_proof_without_a_checkpoint_is_incomplete()
    {
        var bundle = WithProof(await IssueAsync(), p => p with { Checkpoint = null });

        AssertRefused(VerificationErrorCode.BundleIncomplete, "the inclusion proof has no checkpoint", () => Verify(bundle));
    }

    [Fact]
    public async Task An_entry_without_its_canonicalized_body_is_incomplete()
    {
        var bundle = WithEntry(await IssueAsync(), e => e with { CanonicalizedBody = null });

        AssertRefused(VerificationErrorCode.BundleIncomplete, "no canonicalized body", () => Verify(bundle));
    }

    [Fact]
    public async Task An_envelope_with_two_signatures_is_incomplete()
    {
        var bundle = await IssueAsync(new BundleRequest { Dsse = true });
        var env = bundle.DsseEnvelope!;
        bundle = bundle with { DsseEnvelope = env with { Signatures = [env.Signatures[0], env.Signatures[0]] } };

        AssertRefused(VerificationErrorCode.BundleIncomplete, "has 2 signatures, exactly one is required", () => Verify(bundle));
    }

    [Fact]
    public async Task A_key_signed_bundle_needs_a_key_in_the_policy()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest { Key = key });

        AssertRefused(VerificationErrorCode.KeyMismatch, "no key was given to verify it with", () => Verify(bundle));
    }

    [Fact]
    public async Task A_certificate_bundle_is_refused_when_a_key_is_expected()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.KeyMismatch, "the bundle is signed with a certificate", () =>
            Verify(bundle, policy: VerificationPolicy.ForPublicKey(key.PublicKey)));
    }
}
