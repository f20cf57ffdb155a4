using Signet.Core;
using Signet.Policy.Policies;

namespace Signet.Policy.Tests.Policies;

/// <summary>
/// policy-controller's ClusterImagePolicy fixtures (TestData/policy-controller, MANIFEST in shared/fixtures): every
/// invalid file is rejected with every <c># ERROR:</c> string it carries; every valid one is accepted, unless it uses a
/// field Signet does not implement, which must then be refused naming that field (never silently ignored).
/// </summary>
public sealed class PolicyControllerFixtureTests
{
    /// <summary>
    /// Files policy-controller accepts (or rejects for another reason) that use fields outside Signet's subset, and the
    /// paths Signet's refusal must name. Everything else in crd-validation/valid, e2e and examples must be accepted.
    /// </summary>
    private static readonly Dictionary<string, string[]> Unsupported = new()
    {
        ["crd-validation/valid/v1beta1-valid-keylessref-awskms.yaml"] = ["unsupported field: spec.authorities[0].keyless.ca-cert"],
        ["crd-validation/valid/v1beta1-valid-keyref-awskms.yaml"] = ["unsupported field: spec.authorities[0].key.kms", "unsupported field: spec.authorities[3].key.kms"],
        ["crd-validation/valid/v1beta1-valid-policy-glob.yaml"] = ["unsupported field: spec.authorities[0].keyless.ca-cert", "unsupported field: spec.authorities[4].key.kms", "unsupported field: spec.authorities[5].key.secretRef"],
        ["crd-validation/valid/v1beta1-valid-policy.yaml"] = ["spec.authorities[2].attestations[0].policy.type: cue policies are not supported", "unsupported field: spec.authorities[6].key.kms"],
        ["crd-validation/valid/valid-keyless-with-source.yaml"] = ["unsupported field: spec.authorities[0].source"],
        ["crd-validation/valid/valid-keylessref-awskms.yaml"] = ["unsupported field: spec.authorities[0].keyless.ca-cert"],
        ["crd-validation/valid/valid-keyref-awskms.yaml"] = ["unsupported field: spec.authorities[0].key.kms"],
        ["crd-validation/valid/valid-policy-glob.yaml"] = ["unsupported field: spec.authorities[0].keyless.ca-cert", "unsupported field: spec.authorities[4].key.kms"],
        ["crd-validation/valid/valid-policy-hash-algo-sha512.yaml"] = ["unsupported field: spec.authorities[0].key.hashAlgorithm"],
        ["crd-validation/valid/valid-policy-hash-algo.yaml"] = ["cue policies are not supported", "unsupported field: spec.authorities[6].key.kms"],
        ["crd-validation/valid/valid-policy-keyless-ignore-sct.yaml"] = ["unsupported field: spec.authorities[0].keyless.insecureIgnoreSCT"],
        ["crd-validation/valid/valid-policy-match-resource-label.yaml"] = ["unsupported field: spec.match"],
        ["crd-validation/valid/valid-policy-match-resource.yaml"] = ["unsupported field: spec.match"],
        ["crd-validation/valid/valid-policy.yaml"] = ["unsupported field: spec.authorities[0].keyless.ca-cert", "cue policies are not supported"],
        ["crd-validation/invalid/v1beta1-invalid-match-resource.yaml"] = ["unsupported field: spec.match"],
        ["e2e/cip-key-and-keyless-ignore-sct.yaml"] = ["unsupported field: spec.authorities[1].keyless.insecureIgnoreSCT"],
        ["e2e/cip-key-hash-algorithm.yaml"] = ["unsupported field: spec.authorities[0].key.hashAlgorithm"],
        ["e2e/cip-key-secret.yaml"] = ["unsupported field: spec.authorities[0].key.secretRef"],
        ["e2e/cip-key-with-attestations-rego.yaml"] = ["cue policies are not supported"],
        ["e2e/cip-key-with-attestations.yaml"] = ["spec.authorities[0].attestations[0].policy.type: cue policies are not supported"],
        ["e2e/cip-keyless-with-attestations-rego.yaml"] = ["spec.authorities[0].attestations[0].policy.type: rego policies are not supported"],
        ["e2e/cip-keyless-with-attestations.yaml"] = ["spec.authorities[0].attestations[0].policy.type: cue policies are not supported"],
        ["e2e/cip-match-resource-label.yaml"] = ["unsupported field: spec.match"],
        ["e2e/cip-requires-two-signatures-and-two-attestations-rego.yaml"] = ["cue policies are not supported", "unsupported field: spec.policy"],
        ["e2e/cip-requires-two-signatures-and-two-attestations.yaml"] = ["cue policies are not supported", "unsupported field: spec.policy"],
        ["examples/policies/allow-only-pods.yaml"] = ["unsupported field: spec.policy (a policy over all authorities' results (type cue)"],
        ["examples/policies/custom-key-attestation-sbom-spdxjson.yaml"] = ["cue policies are not supported"],
        ["examples/policies/keyless-attestation-sbom-spdxjson.yaml"] = ["cue policies are not supported"],
        ["examples/policies/signed-by-aws-kms-key.yaml"] = ["unsupported field: spec.authorities[0].key.kms"],
        ["examples/policies/signed-by-gcp-kms-key.yaml"] = ["unsupported field: spec.authorities[0].key.kms"],
    };

    /// <summary>
    /// policy-controller accepts these only with fail-on-empty-authorities=false; Signet keeps that option's default
    /// (true): a policy without authorities is refused, as nothing is admitted by default.
    /// </summary>
    private static readonly string[] EmptyAuthorities =
        ["crd-validation/empty-authorities/authorities-absent.yaml", "crd-validation/empty-authorities/authorities-present.yaml"];

    public static TheoryData<string> Files()
    {
        var root = TestPaths.Data("policy-controller");
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(root, f).Replace('\\', '/');
            if (!rel.StartsWith("examples/resources/", StringComparison.Ordinal))
            {
                data.Add(rel);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void FixtureGivesPolicyControllersVerdictOrNamesTheUnsupportedField(string file)
    {
        var text = File.ReadAllText(TestPaths.Data("policy-controller", file));
        var errors = text.Split('\n').Where(l => l.StartsWith("# ERROR:", StringComparison.Ordinal)).Select(l => l["# ERROR:".Length..].Trim()).ToArray();
        string? refusal = null;
        try
        {
            ClusterImagePolicy.Parse(text);
        }
        catch (SignetFormatException e)
        {
            refusal = e.Message;
            Assert.DoesNotContain('\n', refusal);
        }

        if (Unsupported.TryGetValue(file, out var named))
        {
            Assert.NotNull(refusal);
            Assert.All(named, n => Assert.Contains(n, refusal, StringComparison.Ordinal));
        }
        else if (file.StartsWith("crd-validation/invalid/", StringComparison.Ordinal))
        {
            Assert.NotNull(refusal);
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Contains(e, refusal, StringComparison.Ordinal));
        }
        else if (EmptyAuthorities.Contains(file))
        {
            Assert.Contains("missing field(s): spec.authorities", refusal, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(refusal is null, $"{file} should be accepted: {refusal}");
        }
    }
}
