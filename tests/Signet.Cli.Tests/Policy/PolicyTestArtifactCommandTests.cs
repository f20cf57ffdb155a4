namespace Signet.Cli.Tests.Policy;

/// <summary>
/// <c>signet policy test ARTIFACT --bundle B</c> over real provenance from the public-good instance: a keyless authority
/// for the SLSA generator's workflows requiring that attestation and a CEL rule over it.
/// </summary>
public sealed class PolicyTestArtifactCommandTests : IDisposable
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "production_trusted_root.json");
    private static readonly string Maven = Path.Combine(AppContext.BaseDirectory, "TestData", "slsa-verifier", "binary-linux-amd64-push-v14");
    private readonly string _policy = Path.GetTempFileName();

    public void Dispose() => File.Delete(_policy);

    private SignetProcess.Result Test(string rule)
    {
        File.WriteAllText(_policy, $"""
            apiVersion: policy.sigstore.dev/v1alpha1
            kind: ClusterImagePolicy
            metadata:
              name: slsa-generator-builds
            spec:
              images:
              - glob: "**"
              authorities:
              - name: generator
                keyless:
                  url: https://fulcio.sigstore.dev
                  identities:
                  - issuer: https://token.actions.githubusercontent.com
                    subjectRegExp: ^https://github.com/slsa-framework/slsa-github-generator/
                ctlog:
                  url: https://rekor.sigstore.dev
                attestations:
                - name: provenance
                  predicateType: slsaprovenance1
                  policy:
                    type: cel
                    data: '{rule}'
            """);
        return SignetProcess.Run("policy", "test", "--policy", _policy, Maven, "--bundle", Maven + ".build.slsa", "--trusted-root", Root);
    }

    [Fact]
    public void The_rule_over_the_verified_provenance_decides()
    {
        var admitted = Test("predicate.runDetails.builder.id.endsWith(\"builder_maven_slsa3.yml@refs/tags/v2.1.0\")");
        Assert.True(admitted.ExitCode == 0, admitted.StdErr + admitted.StdOut);
        Assert.Contains("authority generator (keyless): PASS: attestations verified: provenance: rule 'provenance' holds", admitted.StdOut, StringComparison.Ordinal);

        var refused = Test("predicate.runDetails.builder.id.contains(\"gradle\")");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FAIL: attestation provenance: rule 'provenance' failed", refused.StdOut, StringComparison.Ordinal);
        Assert.Contains("NOT ADMITTED", refused.StdOut, StringComparison.Ordinal);

        var invalid = Test("predicate.(");
        Assert.Equal(3, invalid.ExitCode);
        Assert.Contains("rule 'provenance': not valid CEL", invalid.StdErr, StringComparison.Ordinal);
    }
}
