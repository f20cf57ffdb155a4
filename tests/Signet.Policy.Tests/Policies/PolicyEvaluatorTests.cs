using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Policy.Policies;
using Signet.Testing.Sigstore;

namespace Signet.Policy.Tests.Policies;

/// <summary>Policies evaluated against an artifact and real bundles: authorities OR, attestations with CEL rules, modes.</summary>
public sealed class PolicyEvaluatorTests : IDisposable
{
    private static readonly byte[] Artifact = "the artifact"u8.ToArray();
    private const string Provenance = "https://slsa.dev/provenance/v1";
    private readonly SignedMaterial _m = new();

    public void Dispose() => _m.Dispose();

    private static string Policy(string authorities, string mode = "enforce") => $"""
        apiVersion: policy.sigstore.dev/v1beta1
        kind: ClusterImagePolicy
        metadata:
          name: test-policy
        spec:
          mode: {mode}
          images:
          - glob: "**"
          authorities:
        {authorities}
        """;

    private static string Keyless(string subject, string? attestations = null, string url = "https://ca.in-memory.test") => $"""
          - name: keyless
            keyless:
              url: {url}
              identities:
              - issuer: {InMemoryServices.Issuer}
                subject: {subject}
        {attestations ?? ""}
        """;

    private async Task<PolicyResult> EvaluateAsync(string yaml, params Bundle[] bundles)
    {
        var policy = ClusterImagePolicy.Parse(yaml);
        var target = PolicyTarget.ForArtifact("artifact", Core.Verification.Artifact.FromBytes(Artifact), bundles.Select((b, i) => ($"bundle{i}", b)).ToArray());
        return await new PolicyEvaluator(_m.Trust).EvaluateAsync(policy, target);
    }

    [Fact]
    public async Task A_signature_by_the_named_identity_admits()
    {
        var result = await EvaluateAsync(Policy(Keyless(SignedMaterial.Alice)), await _m.SignAsync(Artifact));
        Assert.True(result.Admitted);
        Assert.Contains("signature verified: alice@example.com", Assert.Single(result.Authorities).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_by_another_identity_is_refused_with_the_reason()
    {
        var result = await EvaluateAsync(Policy(Keyless(SignedMaterial.Alice)), await _m.SignAsync(Artifact, SignedMaterial.Mallory));
        Assert.False(result.Admitted);
        var detail = Assert.Single(result.Authorities).Detail;
        Assert.Contains("no valid signatures found", detail, StringComparison.Ordinal);
        Assert.Contains("mallory@example.com", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_signature_at_all_is_refused()
    {
        var result = await EvaluateAsync(Policy(Keyless(SignedMaterial.Alice)));
        Assert.False(result.Admitted);
        Assert.Equal("no valid signatures found", Assert.Single(result.Authorities).Detail);
    }

    [Fact]
    public async Task A_fulcio_url_the_trusted_root_does_not_hold_refuses()
    {
        var result = await EvaluateAsync(Policy(Keyless(SignedMaterial.Alice, url: "https://fulcio.sigstore.dev")), await _m.SignAsync(Artifact));
        Assert.False(result.Admitted);
        Assert.Contains("no certificate authority at https://fulcio.sigstore.dev", Assert.Single(result.Authorities).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_authority_passing_admits_and_static_fail_names_itself()
    {
        var yaml = Policy("""
              - name: never
                static:
                  action: fail
                  message: frozen
            """ + "\n" + Keyless(SignedMaterial.Alice));
        var result = await EvaluateAsync(yaml, await _m.SignAsync(Artifact));
        Assert.True(result.Admitted);
        Assert.Equal("disallowed by static policy: frozen", result.Authorities[0].Detail);
        Assert.True(result.Authorities[1].Passed);
    }

    [Fact]
    public async Task Warn_mode_admits_with_a_warning()
    {
        var result = await EvaluateAsync(Policy(Keyless(SignedMaterial.Alice), mode: "warn"));
        Assert.False(result.Passed);
        Assert.True(result.Admitted);
        Assert.Equal("failed policy: test-policy", result.Warning);
    }

    [Theory]
    [InlineData("predicate.builder.id == 'https://builder.example/v1'", true, null)]
    [InlineData("predicate.builder.id.startsWith('https://other')", false, "rule 'provenance' failed")]
    [InlineData("predicate.nothing.here == 1", false, "could not be evaluated (refused)")]
    [InlineData("subject.exists(s, s.digest.sha256 == artifact.sha256) && predicateType == 'https://slsa.dev/provenance/v1'", true, null)]
    [InlineData("statement.predicate.builder.id", false, "not a boolean")]
    public async Task An_attestation_rule_decides_and_fails_closed(string cel, bool admitted, string? reason)
    {
        var attestations = $"""
                attestations:
                - name: provenance
                  predicateType: {Provenance}
                  policy:
                    type: cel
                    data: "{cel.Replace("\"", "\\\"", StringComparison.Ordinal)}"
            """;
        var bundle = await _m.AttestAsync(Artifact, Provenance, """{"builder":{"id":"https://builder.example/v1"}}""");
        var result = await EvaluateAsync(Policy(Keyless(SignedMaterial.Alice, attestations)), bundle);
        Assert.Equal(admitted, result.Admitted);
        if (reason is not null)
        {
            Assert.Contains(reason, Assert.Single(result.Authorities).Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_attestation_of_another_type_does_not_count()
    {
        var attestations = $"""
                attestations:
                - name: provenance
                  predicateType: {Provenance}
            """;
        var bundle = await _m.AttestAsync(Artifact, "https://example.com/other", "{}");
        var result = await EvaluateAsync(Policy(Keyless(SignedMaterial.Alice, attestations)), bundle);
        Assert.False(result.Admitted);
        Assert.Contains("no matching attestations", Assert.Single(result.Authorities).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_authority_admits_what_its_key_signed_and_nothing_else()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        using var other = SigningKey.GenerateEcdsaP256();
        var pem = key.PublicKey.ToPem().ReplaceLineEndings("\n" + new string(' ', 10));
        var yaml = Policy($"""
              - name: release-key
                key:
                  data: |
                      {pem}
            """);
        Assert.True((await EvaluateAsync(yaml, await _m.SignWithKeyAsync(Artifact, key))).Admitted);
        Assert.False((await EvaluateAsync(yaml, await _m.SignWithKeyAsync(Artifact, other))).Admitted);
    }
}
