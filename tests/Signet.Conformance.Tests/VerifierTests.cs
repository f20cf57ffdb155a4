using System.Text.Json.Nodes;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;

namespace Signet.Conformance.Tests;

/// <summary>The library API on conformance material: codes naming the step, thresholds, duplicates, policies.</summary>
public sealed class VerifierTests
{
    private static readonly TrustedMaterial Production = TrustedMaterial.Parse(File.ReadAllBytes(ConformanceCases.ProductionTrustedRoot));

    private static Bundle Load(string name) => Bundle.Parse(File.ReadAllBytes(Path.Combine(ConformanceCases.Dir(name), "bundle.sigstore.json")));

    private static Artifact A() => Artifact.FromBytes(File.ReadAllBytes(Path.Combine(ConformanceCases.Root, "a.txt")));

    private static TrustedMaterial RootOf(string name)
    {
        var p = Path.Combine(ConformanceCases.Dir(name), "trusted_root.json");
        return File.Exists(p) ? TrustedMaterial.Parse(File.ReadAllBytes(p)) : Production;
    }

    private static VerificationPolicy DefaultIdentity => VerificationPolicy.ForIdentity(ConformanceProtocol.DefaultIdentity, ConformanceProtocol.DefaultIssuer);

    [Fact]
    public void Happy_path_result_names_identity_times_and_log_entry()
    {
        var r = new Verifier(Production).Verify(Load("happy-path-v0.3"), A(), DefaultIdentity);
        Assert.Equal(ConformanceProtocol.DefaultIdentity, r.Certificate!.SubjectAlternativeName);
        Assert.Equal(ConformanceProtocol.DefaultIssuer, r.Certificate.Issuer);
        var t = Assert.Single(r.Timestamps);
        Assert.Equal(TimestampSource.TransparencyLog, t.Source);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1710869186), t.Time);
        var e = Assert.Single(r.LogEntries);
        Assert.Equal(79571823, e.LogIndex);
        Assert.True(e.InclusionProofVerified);
        Assert.True(e.SignedEntryTimestampVerified);
    }

    [Theory]
    [InlineData("checkpoint-wrong-roothash_fail", VerificationErrorCode.CheckpointInvalid, VerificationStep.TransparencyLog)]
    [InlineData("checkpoint-bad-keyhint_fail", VerificationErrorCode.CheckpointInvalid, VerificationStep.TransparencyLog)]
    [InlineData("inclusion-proof-corrupted-hash_fail", VerificationErrorCode.InclusionProofInvalid, VerificationStep.TransparencyLog)]
    [InlineData("set-invalid-signature_fail", VerificationErrorCode.SignedEntryTimestampInvalid, VerificationStep.TransparencyLog)]
    [InlineData("signature-mismatch_fail", VerificationErrorCode.TransparencyLogEntryMismatch, VerificationStep.TransparencyLog)]
    [InlineData("bundle-from-wrong-instance_fail", VerificationErrorCode.TransparencyLogUnknown, VerificationStep.TransparencyLog)]
    [InlineData("integrated-time-in-future_fail", VerificationErrorCode.CertificateNotValidAtTime, VerificationStep.Certificate)]
    [InlineData("invalid-ct-key_fail", VerificationErrorCode.SignedCertificateTimestampInvalid, VerificationStep.Certificate)]
    [InlineData("bundle-with-root-cert_fail", VerificationErrorCode.CertificateChainInvalid, VerificationStep.Certificate)]
    [InlineData("message-digest-mismatch_fail", VerificationErrorCode.ArtifactMismatch, VerificationStep.Signature)]
    [InlineData("rekor2-no-timestamp_fail", VerificationErrorCode.InsufficientTimestamps, VerificationStep.Timestamps)]
    [InlineData("rekor2-timestamp-payload-mismatch_fail", VerificationErrorCode.TimestampInvalid, VerificationStep.Timestamps)]
    [InlineData("rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail", VerificationErrorCode.TimestampInvalid, VerificationStep.Timestamps)]
    [InlineData("rekor2-timestamp-outside-trust-root-tsa-validity_fail", VerificationErrorCode.TimestampInvalid, VerificationStep.Timestamps)]
    [InlineData("rekor2-no-inclusion-proof_fail", VerificationErrorCode.BundleIncomplete, VerificationStep.Bundle)]
    [InlineData("rekor2-checkpoint-no-matching-signature_fail", VerificationErrorCode.CheckpointInvalid, VerificationStep.TransparencyLog)]
    [InlineData("dsse-mismatch-envelope_fail", VerificationErrorCode.TransparencyLogEntryMismatch, VerificationStep.TransparencyLog)]
    public void Failing_cases_fail_at_the_named_step(string name, VerificationErrorCode code, VerificationStep step)
    {
        var b = Load(name);
        var artifactPath = Path.Combine(ConformanceCases.Dir(name), "artifact");
        var artifact = File.Exists(artifactPath) ? Artifact.FromBytes(File.ReadAllBytes(artifactPath)) : A();
        var e = Assert.Throws<VerificationException>(() => new Verifier(RootOf(name)).Verify(b, artifact, DefaultIdentity));
        Assert.Equal(code, e.Code);
        Assert.Equal(step, e.Step);
    }

    [Fact]
    public void The_same_entry_twice_counts_once_toward_the_threshold()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceCases.Dir("happy-path-v0.3"), "bundle.sigstore.json")))!;
        var entries = json["verificationMaterial"]!["tlogEntries"]!.AsArray();
        entries.Add(entries[0]!.DeepClone());
        var b = Bundle.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.Equal(2, b.VerificationMaterial.TlogEntries.Count);

        var one = new Verifier(Production).Verify(b, A(), DefaultIdentity);
        Assert.Single(one.LogEntries);
        var e = Assert.Throws<VerificationException>(() => new Verifier(Production, new VerifierOptions { TransparencyLogThreshold = 2 }).Verify(b, A(), DefaultIdentity));
        Assert.Equal(VerificationErrorCode.InsufficientTransparencyLogEntries, e.Code);
    }

    [Fact]
    public void Signed_timestamp_threshold_is_enforced()
    {
        var e = Assert.Throws<VerificationException>(() => new Verifier(Production, new VerifierOptions { SignedTimestampThreshold = 1 }).Verify(Load("happy-path-v0.3"), A(), DefaultIdentity));
        Assert.Equal(VerificationErrorCode.InsufficientTimestamps, e.Code);
        var staging = RootOf("rekor2-happy-path");
        Assert.NotNull(new Verifier(staging, new VerifierOptions { SignedTimestampThreshold = 1 }).Verify(Load("rekor2-happy-path"), A(), DefaultIdentity));
    }

    [Fact]
    public void Options_that_cannot_verify_anything_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new Verifier(Production, new VerifierOptions { ObserverTimestampThreshold = 0 }));
        Assert.Throws<ArgumentException>(() => new Verifier(Production, new VerifierOptions { TransparencyLogThreshold = -1 }));
        Assert.Equal(0, VerifierOptions.Default.WithoutTransparencyLogUnsafe().TransparencyLogThreshold);
    }

    [Fact]
    public void Identity_policies_exact_regexp_issuer_and_github_constraints()
    {
        var v = new Verifier(Production);
        var b = Load("happy-path-v0.3");
        var san = ConformanceProtocol.DefaultIdentity;
        var issuer = ConformanceProtocol.DefaultIssuer;

        Assert.NotNull(v.Verify(b, A(), VerificationPolicy.ForIdentity(new CertificateIdentity(StringMatcher.Regex("^https://github\\.com/sigstore-conformance/"), StringMatcher.Exact(issuer)))));
        Assert.NotNull(v.Verify(b, A(), VerificationPolicy.ForIdentity(new CertificateIdentity(StringMatcher.Exact(san), StringMatcher.Regex("githubusercontent")))));
        Assert.NotNull(v.Verify(b, A(), VerificationPolicy.WithoutIdentityUnsafe()));

        var wrongSan = Assert.Throws<VerificationException>(() => v.Verify(b, A(), VerificationPolicy.ForIdentity(san + "x", issuer)));
        Assert.Equal(VerificationErrorCode.IdentityMismatch, wrongSan.Code);
        Assert.Equal(VerificationStep.Policy, wrongSan.Step);
        var wrongIssuer = Assert.Throws<VerificationException>(() => v.Verify(b, A(), VerificationPolicy.ForIdentity(san, "https://accounts.google.com")));
        Assert.Equal(VerificationErrorCode.IdentityMismatch, wrongIssuer.Code);
        Assert.Throws<VerificationException>(() => v.Verify(b, A(), VerificationPolicy.ForIdentity(new CertificateIdentity(StringMatcher.Regex("^https://gitlab\\.com/"), StringMatcher.Exact(issuer)))));

        // The second identity matches: any one of the alternatives is enough.
        Assert.NotNull(v.Verify(b, A(), VerificationPolicy.ForIdentity(
            new CertificateIdentity(StringMatcher.Exact("someone@example.com"), StringMatcher.Exact(issuer)),
            new CertificateIdentity(StringMatcher.Exact(san), StringMatcher.Exact(issuer)))));

        CertificateIdentity WithGh(GitHubWorkflowConstraints c) => new(StringMatcher.Exact(san), StringMatcher.Exact(issuer)) { GitHubWorkflow = c };
        Assert.NotNull(v.Verify(b, A(), VerificationPolicy.ForIdentity(WithGh(new(Repository: "sigstore-conformance/extremely-dangerous-public-oidc-beacon", Ref: "refs/heads/main", Trigger: "workflow_dispatch", Name: "Extremely dangerous OIDC beacon")))));
        var gh = Assert.Throws<VerificationException>(() => v.Verify(b, A(), VerificationPolicy.ForIdentity(WithGh(new(Ref: "refs/heads/release")))));
        Assert.Contains("ref", gh.Message, StringComparison.Ordinal);
        Assert.Throws<VerificationException>(() => v.Verify(b, A(), VerificationPolicy.ForIdentity(WithGh(new(Sha: new string('0', 40))))));
    }

    [Fact]
    public void Key_mode_and_certificate_mode_do_not_mix()
    {
        var pem = File.ReadAllText(Path.Combine(ConformanceCases.Dir("managed-key-happy-path"), "key.pub"));
        var key = VerificationKey.FromPem(pem);
        var v = new Verifier(Production);
        Assert.NotNull(v.Verify(Load("managed-key-happy-path"), A(), VerificationPolicy.ForPublicKey(key)));
        Assert.Equal(VerificationErrorCode.KeyMismatch, Assert.Throws<VerificationException>(() => v.Verify(Load("happy-path-v0.3"), A(), VerificationPolicy.ForPublicKey(key))).Code);
        Assert.Equal(VerificationErrorCode.KeyMismatch, Assert.Throws<VerificationException>(() => v.Verify(Load("managed-key-happy-path"), A(), DefaultIdentity)).Code);

        using var other = SigningKey.GenerateEcdsaP256();
        Assert.Throws<VerificationException>(() => v.Verify(Load("managed-key-happy-path"), A(), VerificationPolicy.ForPublicKey(other.PublicKey)));
    }

    [Fact]
    public void Digest_only_artifact_verifies_message_signatures_and_dsse_subjects()
    {
        var digest = System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(ConformanceCases.Root, "a.txt")));
        var v = new Verifier(Production);
        Assert.NotNull(v.Verify(Load("happy-path-v0.3"), Artifact.FromDigest(System.Security.Cryptography.HashAlgorithmName.SHA256, digest), DefaultIdentity));
        var r = v.Verify(Load("happy-path-intoto-in-dsse-v3"), Artifact.FromDigest(System.Security.Cryptography.HashAlgorithmName.SHA256, digest), DefaultIdentity);
        Assert.NotNull(r.Statement);
        digest[0] ^= 1;
        Assert.Throws<VerificationException>(() => v.Verify(Load("happy-path-intoto-in-dsse-v3"), Artifact.FromDigest(System.Security.Cryptography.HashAlgorithmName.SHA256, digest), DefaultIdentity));
    }

    [Fact]
    public void A_tlog_entry_that_claims_a_log_outside_its_validity_is_rejected()
    {
        // trust-root-tlog-validity-end-inclusive: the entry's integrated time equals the end of the window (closed: passes);
        // moving the window's end one second earlier must fail.
        var rootJson = JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceCases.Dir("trust-root-tlog-validity-end-inclusive"), "trusted_root.json")))!;
        Assert.NotNull(new Verifier(TrustedMaterial.Parse(System.Text.Encoding.UTF8.GetBytes(rootJson.ToJsonString()))).Verify(Load("trust-root-tlog-validity-end-inclusive"), A(), DefaultIdentity));
        rootJson["tlogs"]![0]!["publicKey"]!["validFor"]!["end"] = "2023-07-12T15:56:35Z";
        var e = Assert.Throws<VerificationException>(() => new Verifier(TrustedMaterial.Parse(System.Text.Encoding.UTF8.GetBytes(rootJson.ToJsonString()))).Verify(Load("trust-root-tlog-validity-end-inclusive"), A(), DefaultIdentity));
        Assert.Equal(VerificationErrorCode.TransparencyLogUnknown, e.Code);
    }
}
