using BenchmarkDotNet.Attributes;
using Signet.Benchmarks.Verification;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Policy.Policies;
using Signet.Policy.Provenance;
using Signet.Policy.Rules;

namespace Signet.Benchmarks.Policy;

/// <summary>
/// What policy evaluation adds to the Sigstore verification it needs, on real SLSA provenance from the public-good
/// instance (slsa-verifier's Maven fixture: a v0.2 bundle, DSSE, certificate chain, SET and inclusion proof) against the
/// production trusted root parsed once. Baseline: <c>Verifier.Verify</c> of the bundle alone. Ratio = with policy ÷
/// baseline (goal ≤ 1.10): slsa-verifier's checks, three CEL rules over the statement, and a ClusterImagePolicy with a
/// keyless authority requiring that attestation and its rule. The two "alone" rows time the added work by itself over a
/// result verified once (robust against a loaded machine): their ratio is the share policy adds to the verification.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class PolicyBenchmarks
{
    private const string Source = "github.com/slsa-framework/example-package";
    private Verifier _verifier = null!;
    private ProvenanceVerifier _provenance = null!;
    private Bundle _bundle = null!;
    private byte[] _artifact = null!;
    private AttestationRules _rules = null!;
    private PolicyEvaluator _evaluator = null!;
    private ClusterImagePolicy _policy = null!;
    private ProvenanceRequirements _requirements = null!;
    private VerificationResult _verified = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = Path.Combine(BenchData.RepositoryRoot(), "tests", "Signet.Policy.Tests", "TestData");
        var trust = TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(data, "production_trusted_root.json"))));
        var fixture = Path.Combine(data, "slsa-verifier", "gha_maven", "v2.1.0", "binary-linux-amd64-push-v14");
        _verifier = new Verifier(trust);
        _provenance = new ProvenanceVerifier(_verifier);
        _artifact = File.ReadAllBytes(fixture);
        _bundle = Bundle.Parse(File.ReadAllBytes(fixture + ".build.slsa"));
        _requirements = new ProvenanceRequirements(Source) { SourceVersionedTag = "v14" };
        _rules = AttestationRules.Parse("""
            rules:
            - name: slsa-v1
              cel: predicateType == "https://slsa.dev/provenance/v1"
            - name: trusted-builder
              cel: predicate.runDetails.builder.id.startsWith("https://github.com/slsa-framework/slsa-github-generator/")
            - name: about-this-artifact
              cel: subject.exists(s, s.digest.sha256 == artifact.sha256)
            """);
        _evaluator = new PolicyEvaluator(trust);
        _policy = ClusterImagePolicy.Parse("""
            apiVersion: policy.sigstore.dev/v1beta1
            kind: ClusterImagePolicy
            metadata:
              name: maven-builds
            spec:
              images:
              - glob: "**"
              authorities:
              - name: slsa-generator
                keyless:
                  url: https://fulcio.sigstore.dev
                  identities:
                  - issuer: https://token.actions.githubusercontent.com
                    subjectRegExp: ^https://github.com/slsa-framework/slsa-github-generator/
                attestations:
                - name: provenance
                  predicateType: https://slsa.dev/provenance/v1
                  policy:
                    type: cel
                    data: predicate.runDetails.builder.id.startsWith("https://github.com/slsa-framework/slsa-github-generator/")
            """);

        // Fail loudly if a path does not pass: a benchmark of a refusal is meaningless.
        _verified = SigstoreVerification();
        ProvenanceChecksAlone();
        CelRulesAlone();
        ProvenanceChecks();
        CelRules();
        if (!PolicyFile().Admitted)
        {
            throw new InvalidOperationException("the policy does not admit the fixture");
        }
    }

    [Benchmark(Baseline = true, Description = "Sigstore verification")]
    public VerificationResult SigstoreVerification() => _verifier.Verify(_bundle, Artifact.FromBytes(_artifact), ProvenanceVerifier.SigningPolicy);

    [Benchmark(Description = "+ slsa-verifier checks")]
    public VerifiedProvenance ProvenanceChecks() => _provenance.Verify(_bundle, Artifact.FromBytes(_artifact), _requirements);

    [Benchmark(Description = "+ 3 CEL rules")]
    public VerificationResult CelRules()
    {
        var artifact = Artifact.FromBytes(_artifact);
        var result = _verifier.Verify(_bundle, artifact, ProvenanceVerifier.SigningPolicy);
        _rules.Require(RuleInput.From(result, artifact));
        return result;
    }

    [Benchmark(Description = "slsa-verifier checks alone")]
    public VerifiedProvenance ProvenanceChecksAlone() => ProvenanceVerifier.Check(_verified, _requirements, ProvenanceSubject.Artifact);

    [Benchmark(Description = "3 CEL rules alone (with the statement's variables)")]
    public RuleInput CelRulesAlone()
    {
        var input = RuleInput.From(_verified, Artifact.FromBytes(_artifact));
        _rules.Require(input);
        return input;
    }

    [Benchmark(Description = "ClusterImagePolicy (keyless + attestation rule)")]
    public PolicyResult PolicyFile()
    {
        var target = PolicyTarget.ForArtifact("maven", Artifact.FromBytes(_artifact), [("provenance", _bundle)]);
        return _evaluator.EvaluateAsync(_policy, target).GetAwaiter().GetResult();
    }
}
