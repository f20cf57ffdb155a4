using System.Text;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Signing;

/// <summary>
/// <c>signet sign</c> and <c>attest</c> hash the artifact as a stream: a file larger than the 2 GB .NET can hold in one
/// array is signed and verifies (before, it was read into memory and refused: "too large (… bytes, limit 2147483591)"),
/// and a file that never ends is refused at <see cref="Client.LocalFile.MaxUnsizedBytes"/> without holding it.
/// The large file is sparse: it takes no disk, only the time to hash it.
/// </summary>
[Collection("interop")]
public sealed class LargeArtifactTests : IDisposable
{
    private const string Email = "signer@signet.dev";
    private const long OverTwoGiB = (2L << 30) + 4096;
    private readonly string _work = Directory.CreateTempSubdirectory("signet-large-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task An_artifact_over_2_GiB_is_signed_and_attested_and_each_verifies_against_it_alone()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var token = await stack.TokenAsync(Email);
        var artifact = Path.Combine(_work, "disk.img");
        using (var f = File.Create(artifact))
        {
            f.SetLength(OverTwoGiB);
            f.Seek(-5, SeekOrigin.End);
            f.Write("tail\n"u8);
        }

        var bundle = Path.Combine(_work, "disk.img.sigstore.json");
        var env = new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = token };
        var signed = SignetProcess.Run(["sign", artifact, "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath], null, env, null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        var verified = SignetProcess.Run("verify", "--bundle", bundle, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact);
        Assert.True(verified.ExitCode == 0, verified.StdErr);

        var predicate = Path.Combine(_work, "vex.json");
        File.WriteAllText(predicate, """{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}""");
        var attested = SignetProcess.Run(["attest", artifact, "--predicate", predicate, "--type", "openvex", "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath], null, env, null);
        Assert.True(attested.ExitCode == 0, attested.StdErr);
        var attestation = SignetProcess.Run("verify-attestation", "--bundle", artifact + ".intoto.sigstore.json", "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, "--type", "https://openvex.dev/ns", artifact);
        Assert.True(attestation.ExitCode == 0, attestation.StdErr);

        // The last byte changed: the signature no longer speaks for the file.
        using (var f = File.OpenWrite(artifact))
        {
            f.Seek(-1, SeekOrigin.End);
            f.Write("!"u8);
        }

        var changed = SignetProcess.Run("verify", "--bundle", bundle, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact);
        Assert.True(changed.ExitCode == 1, $"exit {changed.ExitCode}: {changed.StdErr}");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_file_that_never_ends_is_refused_at_the_limit_after_the_key_is_opened_and_nothing_is_written()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var prefix = Path.Combine(_work, "k");
        var env = new Dictionary<string, string> { ["SIGNET_PASSWORD"] = "correct horse" };
        Assert.Equal(0, SignetProcess.Run(["generate-key-pair", "--output-key-prefix", prefix], null, env, null).ExitCode);
        var bundle = Path.Combine(_work, "zero.sigstore.json");

        var r = SignetProcess.Run(["sign", "/dev/zero", "--key", prefix + ".key", "--bundle", bundle, "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath], null, env, null);

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Equal("signet sign: invalid input: artifact: file '/dev/zero' is larger than the limit of 2147483648 bytes", r.StdErr.Trim());
        Assert.False(File.Exists(bundle));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_piped_artifact_over_64_MiB_verifies_as_its_file_does_and_an_endless_pipe_is_refused()
    {
        // Before: verify read a pipe (signet verify <(curl …)) whole, up to 64 MiB, and refused a longer one, while
        // sign hashed it up to 2 GiB.
        await using var stack = await LocalSigstore.StartAsync();
        var prefix = Path.Combine(_work, "k");
        var env = new Dictionary<string, string> { ["SIGNET_PASSWORD"] = "correct horse" };
        Assert.Equal(0, SignetProcess.Run(["generate-key-pair", "--output-key-prefix", prefix], null, env, null).ExitCode);
        var artifact = Path.Combine(_work, "release.tar");
        var content = new byte[(64 << 20) + 4096];
        new Random(7).NextBytes(content);
        await File.WriteAllBytesAsync(artifact, content);
        var bundle = Path.Combine(_work, "release.sigstore.json");
        var signed = SignetProcess.Run(["sign", artifact, "--key", prefix + ".key", "--bundle", bundle, "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath], null, env, null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        string[] Verify(string path) => ["verify", path, "--bundle", bundle, "--key", prefix + ".pub", "--trusted-root", stack.TrustedRootPath];
        Assert.Equal(0, SignetProcess.Run(Verify(artifact)).ExitCode);

        var fifo = Path.Combine(_work, "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = new Thread(() =>
        {
            using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            pipe.Write(content);
        }) { IsBackground = true };
        writer.Start();
        var piped = SignetProcess.Run(Verify(fifo));
        Assert.True(piped.ExitCode == 0, piped.StdErr);
        Assert.True(writer.Join(TimeSpan.FromSeconds(30)));

        var endless = SignetProcess.Run(Verify("/dev/zero"));
        Assert.True(endless.ExitCode == 3, $"exit {endless.ExitCode}: {endless.StdErr}");
        Assert.Equal("signet verify: invalid input: artifact: file '/dev/zero' is larger than the limit of 2147483648 bytes", endless.StdErr.Trim());
    }

    [Fact]
    public void A_missing_artifact_is_refused_before_the_key_asks_for_its_password()
    {
        var prefix = Path.Combine(_work, "k");
        Assert.Equal(0, SignetProcess.Run(["generate-key-pair", "--output-key-prefix", prefix], null, new Dictionary<string, string> { ["SIGNET_PASSWORD"] = "pw" }, null).ExitCode);
        var missing = Path.Combine(_work, "missing.bin");

        // No password anywhere: had the key been opened first, this would fail on the password.
        var r = SignetProcess.Run(["sign", missing, "--key", prefix + ".key", "--signing-config", "/nonexistent/signing_config.json"], null,
            new Dictionary<string, string> { ["SIGNET_PASSWORD"] = "", ["COSIGN_PASSWORD"] = "" }, Encoding.UTF8.GetString([]));

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Equal($"signet sign: invalid input: artifact: file '{missing}' does not exist", r.StdErr.Trim());
    }
}
