using System.Text.Json;

namespace Signet.Cli.Tests;

/// <summary>Runs <c>signet checkpoint …</c> as a process against the real Rekor material shipped in <c>examples/</c>.</summary>
public sealed class CheckpointCommandTests
{
    private static readonly string Examples = Path.Combine(RepoRoot(), "examples");

    private static string Example(string file) => Path.Combine(Examples, file);

    private static string V1Proof => File.ReadAllLines(Example("rekor-v1-inclusion.txt")).Single(l => l.StartsWith("proof ", StringComparison.Ordinal))["proof ".Length..];

    private const string V1Leaf = "aee3c920bb1132e929ed20e1c194579a60e95849f7a554e0033fdd26ee221629";

    [Fact]
    public void Verifies_the_rekor_v1_checkpoint_with_its_pem_key()
    {
        var r = SignetProcess.Run("checkpoint", "verify", Example("rekor-v1-checkpoint.txt"), "--key", Example("rekor.sigstore.dev.pem"));
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("origin: rekor.sigstore.dev - 2605736670972794746", r.StdOut);
        Assert.Contains("size: 75408393", r.StdOut);
        Assert.Contains("root hash: 1679e3d7752ed63764b0f7381d92daa4a5f7dbd755943e7e30636c8aa06ad573", r.StdOut);
        Assert.Contains("verified by: rekor.sigstore.dev+c0d23d6a", r.StdOut);
    }

    [Fact]
    public void Verifies_the_rekor_v2_checkpoint_from_stdin_with_a_verifier_key_string_as_json()
    {
        var vkey = File.ReadAllText(Example("log2025-alpha1.rekor.sigstage.dev.vkey")).Trim();
        var r = SignetProcess.Run(["checkpoint", "verify", "-", "--key", vkey, "--origin", "log2025-alpha1.rekor.sigstage.dev", "--json"], null, null, File.ReadAllText(Example("rekor-v2-checkpoint.txt")));
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal("736", doc.RootElement.GetProperty("size").GetString());
        Assert.Equal("aecd583d8d3274057497181faeae69138a11a54270a37b327a9b39f9e1944c32", doc.RootElement.GetProperty("rootHash").GetString());
        Assert.Equal("log2025-alpha1.rekor.sigstage.dev+f30d5a99", doc.RootElement.GetProperty("verifiedBy")[0].GetString());
    }

    [Fact]
    public void The_wrong_log_key_fails_verification()
    {
        var r = SignetProcess.Run("checkpoint", "verify", Example("rekor-v1-checkpoint.txt"), "--key", Example("log2025-alpha1.rekor.sigstage.dev.pem"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("verification failed", r.StdErr);
        Assert.Empty(r.StdOut);
    }

    [Fact]
    public void A_tampered_checkpoint_fails_verification()
    {
        var tampered = File.ReadAllText(Example("rekor-v1-checkpoint.txt")).Replace("\n75408393\n", "\n75408394\n", StringComparison.Ordinal);
        var r = SignetProcess.Run(["checkpoint", "verify", "--key", Example("rekor.sigstore.dev.pem")], null, null, tampered);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("invalid signature for key rekor.sigstore.dev+c0d23d6a", r.StdErr);
    }

    [Fact]
    public void An_unexpected_origin_fails_verification()
    {
        var r = SignetProcess.Run("checkpoint", "verify", Example("rekor-v1-checkpoint.txt"), "--key", Example("rekor.sigstore.dev.pem"), "--origin", "rekor.sigstore.dev");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("origin", r.StdErr);
    }

    [Fact]
    public void Malformed_input_is_exit_code_3_with_one_line()
    {
        var r = SignetProcess.Run("checkpoint", "verify", Example("README.md"), "--key", Example("rekor.sigstore.dev.pem"));
        Assert.Equal(3, r.ExitCode);
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains("invalid input", r.StdErr);
        var missing = SignetProcess.Run("checkpoint", "verify", Example("no-such-file"), "--key", Example("rekor.sigstore.dev.pem"));
        Assert.Equal(3, missing.ExitCode);
        var badKey = SignetProcess.Run("checkpoint", "verify", Example("rekor-v1-checkpoint.txt"), "--key", "a+b+c");
        Assert.Equal(3, badKey.ExitCode);
    }

    [Fact]
    public void Verifies_an_inclusion_proof_against_the_verified_checkpoint()
    {
        var r = SignetProcess.Run("checkpoint", "verify-inclusion", Example("rekor-v1-checkpoint.txt"), "--key", Example("rekor.sigstore.dev.pem"),
            "--leaf-hash", V1Leaf, "--index", "75408392", "--proof", V1Proof);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("inclusion: leaf 75408392", r.StdOut);
    }

    [Theory]
    [InlineData("index")]
    [InlineData("leaf")]
    [InlineData("proof")]
    public void A_wrong_index_leaf_or_proof_hash_fails(string what)
    {
        var leaf = what == "leaf" ? "be" + V1Leaf[2..] : V1Leaf;
        var index = what == "index" ? "75408390" : "75408392";
        var proof = what == "proof" ? "00" + V1Proof[2..] : V1Proof;
        var r = SignetProcess.Run("checkpoint", "verify-inclusion", Example("rekor-v1-checkpoint.txt"), "--key", Example("rekor.sigstore.dev.pem"),
            "--leaf-hash", leaf, "--index", index, "--proof", proof);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("verification failed", r.StdErr);
    }

    [Fact]
    public void Readme_main_command_is_a_checkpoint_verification_of_shipped_material()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        Assert.Contains("./signet checkpoint verify examples/rekor-v1-checkpoint.txt --key examples/rekor.sigstore.dev.pem", readme);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Signet.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Signet.slnx) not found above " + AppContext.BaseDirectory);
    }
}
