using System.Text.Json;
using Signet.Cli;

namespace Signet.Conformance.Tests;

/// <summary><c>signet verify</c>, <c>verify-attestation</c> and <c>bundle inspect</c>: output forms and exit codes.</summary>
public sealed class CliVerifyCommandTests
{
    private static string Case(string name, string file = "bundle.sigstore.json") => Path.Combine(ConformanceCases.Dir(name), file);

    private static string ArtifactPath => Path.Combine(ConformanceCases.Root, "a.txt");

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        var exit = Program.Run(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    // verify and verify-attestation take the TUF trust store's root by default; these cases are signed by the
    // public-good instance, so its trusted root is given explicitly (no network, no shared ~/.signet state).
    private static string[] Production => ["--trusted-root", ConformanceCases.ProductionTrustedRoot];

    private static string[] Identity => [.. Production, "--certificate-identity", ConformanceProtocol.DefaultIdentity, "--certificate-oidc-issuer", ConformanceProtocol.DefaultIssuer];

    [Fact]
    public void Verify_prints_the_identity()
    {
        var (exit, output, _) = Run(["verify", ArtifactPath, "--bundle", Case("happy-path-v0.3"), .. Identity]);
        Assert.Equal(0, exit);
        Assert.StartsWith("Verified OK: signed by " + ConformanceProtocol.DefaultIdentity, output, StringComparison.Ordinal);
        Assert.Contains("rekor.sigstore.dev index 79571823", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_json_describes_the_verified_bundle()
    {
        var (exit, output, _) = Run(["verify", ArtifactPath, "--bundle", Case("happy-path-v0.3"), "--json", .. Identity]);
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.True(r.GetProperty("verified").GetBoolean());
        Assert.Equal(ConformanceProtocol.DefaultIssuer, r.GetProperty("issuer").GetString());
        Assert.Equal(79571823, r.GetProperty("tlogEntries")[0].GetProperty("logIndex").GetInt64());
        Assert.Equal("workflow_dispatch", r.GetProperty("certificateExtensions").GetProperty("1.3.6.1.4.1.57264.1.20").GetString());
    }

    [Fact]
    public void Verify_regexp_identity_and_github_flags()
    {
        Assert.Equal(0, Run("verify", ArtifactPath, "--bundle", Case("happy-path-v0.3"), "--trusted-root", ConformanceCases.ProductionTrustedRoot, "--certificate-identity-regexp", "^https://github.com/sigstore-conformance/", "--certificate-oidc-issuer-regexp", "token\\.actions", "--certificate-github-workflow-repository", "sigstore-conformance/extremely-dangerous-public-oidc-beacon").Exit);
        var (exit, _, err) = Run(["verify", ArtifactPath, "--bundle", Case("happy-path-v0.3"), "--certificate-github-workflow-trigger", "push", .. Identity]);
        Assert.Equal(1, exit);
        Assert.Contains("at Policy", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_verification_exits_1_with_one_line_and_a_json_error()
    {
        var (exit, _, err) = Run(["verify", ArtifactPath, "--bundle", Case("checkpoint-wrong-roothash_fail"), .. Identity]);
        Assert.Equal(1, exit);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("signet verify: verification failed at TransparencyLog:", err, StringComparison.Ordinal);

        var (exit2, output, _) = Run(["verify", ArtifactPath, "--bundle", Case("checkpoint-wrong-roothash_fail"), "--json", .. Identity]);
        Assert.Equal(1, exit2);
        using var doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal("CheckpointInvalid", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("TransparencyLog", doc.RootElement.GetProperty("error").GetProperty("step").GetString());
    }

    [Theory]
    [InlineData("--certificate-identity x")]
    [InlineData("--certificate-oidc-issuer x")]
    [InlineData("--certificate-identity x --certificate-identity-regexp y --certificate-oidc-issuer z")]
    [InlineData("--key k.pem --certificate-identity x --certificate-oidc-issuer z")]
    [InlineData("")]
    public void Missing_or_contradictory_policy_is_a_usage_error(string policy)
    {
        var (exit, _, err) = Run(["verify", ArtifactPath, "--bundle", Case("happy-path-v0.3"), .. policy.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, exit);
        Assert.Contains("signet verify: usage:", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_and_missing_bundle_are_usage_errors()
    {
        Assert.Equal(2, Run("verify", ArtifactPath, "--bundle", Case("happy-path-v0.3"), "--no-such-flag").Exit);
        Assert.Equal(2, Run("verify", ArtifactPath, "--certificate-identity", "x", "--certificate-oidc-issuer", "y").Exit);
    }

    [Fact]
    public void Verify_attestation_prints_the_statement_and_checks_the_predicate_type()
    {
        var (exit, output, _) = Run(["verify-attestation", ArtifactPath, "--bundle", Case("happy-path-intoto-in-dsse-v3"), .. Identity]);
        Assert.Equal(0, exit);
        Assert.Contains("https://in-toto.io/Statement/v1", output, StringComparison.Ordinal);

        var (exitJson, json, _) = Run(["verify-attestation", ArtifactPath, "--bundle", Case("happy-path-intoto-in-dsse-v3"), "--json", .. Identity]);
        Assert.Equal(0, exitJson);
        using var doc = JsonDocument.Parse(json);
        var type = doc.RootElement.GetProperty("predicateType").GetString()!;
        Assert.Equal(type, doc.RootElement.GetProperty("statement").GetProperty("predicateType").GetString());

        Assert.Equal(0, Run(["verify-attestation", ArtifactPath, "--bundle", Case("happy-path-intoto-in-dsse-v3"), "--type", type, .. Identity]).Exit);
        var (wrong, _, err) = Run(["verify-attestation", ArtifactPath, "--bundle", Case("happy-path-intoto-in-dsse-v3"), "--type", "https://example.com/other", .. Identity]);
        Assert.Equal(1, wrong);
        Assert.Contains("predicate type", err, StringComparison.Ordinal);

        // A message-signature bundle is not an attestation.
        Assert.Equal(1, Run(["verify-attestation", ArtifactPath, "--bundle", Case("happy-path-v0.3"), .. Identity]).Exit);
    }

    [Fact]
    public void Bundle_inspect_shows_claims_without_verifying()
    {
        var (exit, output, _) = Run("bundle", "inspect", Case("rekor2-happy-path"));
        Assert.Equal(0, exit);
        Assert.Contains("identity:     " + ConformanceProtocol.DefaultIdentity, output, StringComparison.Ordinal);
        Assert.Contains("timestamp:    2025-06-12T12:02:20", output, StringComparison.Ordinal);
        Assert.Contains("hashedrekord 0.0.2", output, StringComparison.Ordinal);
        Assert.Contains("no SET, inclusion proof (tree size 736) with checkpoint", output, StringComparison.Ordinal);

        var (exitJson, json, _) = Run("bundle", "inspect", Case("happy-path-v0.1"), "--json");
        Assert.Equal(0, exitJson);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("x509CertificateChain (1)", doc.RootElement.GetProperty("material").GetString());
        Assert.True(doc.RootElement.GetProperty("tlogEntries")[0].GetProperty("signedEntryTimestamp").GetBoolean());

        Assert.Equal(3, Run("bundle", "inspect", Case("bundle-malformed-json_fail")).Exit);
    }
}
