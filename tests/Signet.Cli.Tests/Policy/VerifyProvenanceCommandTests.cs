namespace Signet.Cli.Tests.Policy;

/// <summary>
/// <c>signet verify-provenance</c> as a process over real provenance from the public-good instance (slsa-verifier's
/// regression fixtures): the verdict, the named failed check and the exit codes 0, 1, 2 and 3.
/// </summary>
public sealed class VerifyProvenanceCommandTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "production_trusted_root.json");
    private static readonly string Maven = Path.Combine(AppContext.BaseDirectory, "TestData", "slsa-verifier", "binary-linux-amd64-push-v14");
    private static readonly string Bcr = Path.Combine(AppContext.BaseDirectory, "TestData", "slsa-verifier", "MODULE.bazel");
    private const string Source = "github.com/slsa-framework/example-package";

    private static SignetProcess.Result Verify(string artifact, string provenance, params string[] more) =>
        SignetProcess.Run(["verify-provenance", artifact, "--provenance-path", provenance, "--trusted-root", Root, .. more]);

    [Fact]
    public void A_maven_build_at_a_matching_versioned_tag_verifies_at_build_level_3()
    {
        var r = Verify(Maven, Maven + ".build.slsa", "--source-uri", Source, "--source-versioned-tag", "v14.0");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("builder: https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_maven_slsa3.yml@refs/tags/v2.1.0", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("SLSA Build L3:", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("PASSED: SLSA verification passed", r.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--source-versioned-tag", "v15", "VersionedTagMismatch")]
    [InlineData("--source-tag", "v14.0", "TagMismatch")]
    [InlineData("--source-branch", "main", "InvalidRef")]
    [InlineData("--builder-id", "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_gradle_slsa3.yml", "BuilderIdMismatch")]
    public void A_mismatch_is_refused_with_one_line_naming_the_check(string flag, string value, string code)
    {
        var r = Verify(Maven, Maven + ".build.slsa", "--source-uri", Source, flag, value, "--json");
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.StartsWith("signet verify-provenance: verification failed at Policy: ", line, StringComparison.Ordinal);
        Assert.EndsWith($" ({code})", line, StringComparison.Ordinal); // the code --json gives, in the text line too
        using var doc = System.Text.Json.JsonDocument.Parse(r.StdOut);
        Assert.Equal(code, doc.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void The_wrong_repository_is_refused()
    {
        var r = Verify(Maven, Maven + ".build.slsa", "--source-uri", "github.com/slsa-framework/other");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("source used to generate the binary does not match provenance", r.StdErr, StringComparison.Ordinal);
        Assert.EndsWith(" (SourceMismatch)", r.StdErr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_github_attestation_needs_its_builder_named()
    {
        Assert.Equal(1, Verify(Bcr, Bcr + ".intoto.jsonl", "--source-uri", "github.com/aspect-build/rules_lint").ExitCode);
        var ok = Verify(Bcr, Bcr + ".intoto.jsonl", "--source-uri", "github.com/aspect-build/rules_lint",
            "--builder-id", "https://github.com/bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml@v0.0.1", "--json", "--print-provenance");
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        using var doc = System.Text.Json.JsonDocument.Parse(ok.StdOut);
        Assert.Equal(3, doc.RootElement.GetProperty("slsaBuildLevel").GetProperty("level").GetInt32());
        Assert.Equal("https://slsa.dev/provenance/v1", doc.RootElement.GetProperty("statement").GetProperty("predicateType").GetString());
    }

    [Fact]
    public void Provenance_that_is_not_a_bundle_and_contradictory_flags_are_invalid_input_and_usage()
    {
        var notBundle = Verify(Maven, Maven, "--source-uri", Source);
        Assert.Equal(3, notBundle.ExitCode);
        Assert.StartsWith("signet verify-provenance: invalid input: bundle", notBundle.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, Verify(Maven, Maven + ".build.slsa", "--source-uri", Source, "--source-tag", "v14", "--source-branch", "main").ExitCode);
        Assert.Equal(3, Verify(Maven, Maven + ".build.slsa", "--source-uri", Source, "--source-versioned-tag", "14").ExitCode);
    }
}
