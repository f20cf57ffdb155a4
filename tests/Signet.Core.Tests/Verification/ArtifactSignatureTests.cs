using System.Security.Cryptography;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Client-spec §4.4 "Signature": a message signature verifies over the artifact (or its digest), a DSSE signature
/// over PAE(payloadType, payload); the payload is an in-toto statement with the artifact among its subjects.
/// Bundles without a log entry isolate this step (the log entry would otherwise refuse a changed signature first).
/// </summary>
public sealed class ArtifactSignatureTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    private static readonly VerifierOptions Unlogged = VerifierOptions.Default.WithoutTransparencyLogUnsafe().WithoutObserverTimestampsForKeysUnsafe();

    [Fact]
    public async Task The_artifacts_digest_alone_verifies_a_message_signature()
    {
        var bundle = await IssueAsync();

        Assert.Equal(Alice, Verify(bundle, artifact: Artifact.FromDigest(HashAlgorithmName.SHA256, SHA256.HashData(ArtifactBytes))).Certificate!.SubjectAlternativeName);
    }

    [Fact]
    public async Task A_tampered_message_signature_is_refused()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest { Key = key, Log = BundleLog.None });
        bundle = bundle with { MessageSignature = bundle.MessageSignature! with { Signature = Flipped(bundle.MessageSignature.Signature, 12) } };

        AssertRefused(VerificationErrorCode.SignatureInvalid, "the signature does not verify over the artifact", () =>
            Verify(bundle, Unlogged, VerificationPolicy.ForPublicKey(key.PublicKey)));
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        using var other = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest { Key = key, Log = BundleLog.None });

        AssertRefused(VerificationErrorCode.SignatureInvalid, "the signature does not verify over the artifact", () =>
            Verify(bundle, Unlogged, VerificationPolicy.ForPublicKey(other.PublicKey)));
    }

    [Fact]
    public async Task A_logged_signature_checked_with_another_key_fails_at_the_log_entry()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        using var other = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest { Key = key });

        AssertRefused(VerificationErrorCode.TransparencyLogEntryMismatch, "the entry names a different certificate or key", () =>
            Verify(bundle, policy: VerificationPolicy.ForPublicKey(other.PublicKey)));
    }

    [Fact]
    public async Task A_message_digest_that_is_not_the_artifacts_is_refused()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest { Key = key, Log = BundleLog.None });

        AssertRefused(VerificationErrorCode.ArtifactMismatch, "the bundle's message digest is not the artifact's digest", () =>
            Verify(bundle, Unlogged, VerificationPolicy.ForPublicKey(key.PublicKey), Artifact.FromBytes("another artifact"u8.ToArray())));
    }

    [Fact]
    public async Task Another_artifact_without_a_digest_hint_fails_the_signature()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest { Key = key, Log = BundleLog.None });
        bundle = bundle with { MessageSignature = bundle.MessageSignature! with { MessageDigest = null } };

        AssertRefused(VerificationErrorCode.SignatureInvalid, "the signature does not verify over the artifact", () =>
            Verify(bundle, Unlogged, VerificationPolicy.ForPublicKey(key.PublicKey), Artifact.FromBytes("another artifact"u8.ToArray())));
    }

    [Fact]
    public async Task A_tampered_envelope_signature_is_refused()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest { Key = key, Dsse = true, Log = BundleLog.None });
        var env = bundle.DsseEnvelope!;
        bundle = bundle with { DsseEnvelope = env with { Signatures = [env.Signatures[0] with { Sig = Flipped(env.Signatures[0].Sig, 12) }] } };

        AssertRefused(VerificationErrorCode.SignatureInvalid, "the DSSE signature does not verify over PAE(payloadType, payload)", () =>
            Verify(bundle, Unlogged, VerificationPolicy.ForPublicKey(key.PublicKey)));
    }

    [Fact]
    public async Task An_envelope_whose_payload_type_is_not_in_toto_is_refused()
    {
        var bundle = await IssueAsync(new BundleRequest { Dsse = true, PayloadType = "text/plain", Payload = "hello"u8.ToArray() });

        AssertRefused(VerificationErrorCode.UnsupportedPayload, "DSSE payload type 'text/plain' is not application/vnd.in-toto+json", () => Verify(bundle));
    }

    [Fact]
    public async Task An_in_toto_envelope_whose_payload_is_not_a_statement_is_refused()
    {
        var bundle = await IssueAsync(new BundleRequest { Dsse = true, Payload = System.Text.Encoding.UTF8.GetBytes("""{"_type":"something else"}""") });

        AssertRefused(VerificationErrorCode.UnsupportedPayload, "the DSSE payload is not an in-toto statement", () => Verify(bundle));
    }

    [Theory]
    [InlineData(BundleLog.RekorV1, "dsse")]
    [InlineData(BundleLog.RekorV1, "intoto")]
    [InlineData(BundleLog.RekorV2, "dsse")]
    public async Task An_artifact_that_is_not_a_subject_of_the_statement_is_refused(BundleLog log, string kind)
    {
        var bundle = await IssueAsync(new BundleRequest { Dsse = true, Log = log, EnvelopeKind = kind, Timestamp = log == BundleLog.RekorV2 });

        AssertRefused(VerificationErrorCode.ArtifactMismatch, "the artifact's digest is not among the in-toto statement's subjects", () =>
            Verify(bundle, artifact: Artifact.FromBytes("another artifact"u8.ToArray())));
    }

    [Fact]
    public async Task A_verified_statement_is_returned_with_its_predicate_type()
    {
        var bundle = await IssueAsync(new BundleRequest { Dsse = true });

        var statement = Verify(bundle).Statement!;
        Assert.Equal("https://slsa.dev/provenance/v1", statement.PredicateType);
        Assert.Equal(bundle.DsseEnvelope!.Payload, statement.Payload);
    }
}
