using System.Text;
using Signet.Testing.Keys;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Signing;

/// <summary>
/// <c>signet generate-key-pair --pkcs11</c>, <c>public-key --key</c> and <c>sign --key pkcs11:…</c> as processes with a
/// fresh SoftHSM2 token each, against a real local stack; a wrong PIN, a missing object or module is one line, exit 3.
/// </summary>
[Collection("interop")]
public sealed class Pkcs11KeyCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-pkcs11-cli-").FullName;

    [Fact]
    public async Task A_key_generated_in_the_token_signs_a_blob_that_verifies_with_its_public_key()
    {
        var token = SoftHsmToken.Create();
        var uri = token.Uri("release-key");
        var prefix = Path.Combine(_work, "release");
        var gen = Run("generate-key-pair", "--pkcs11", uri, "--output-key-prefix", prefix);
        Assert.True(gen.ExitCode == 0, gen.StdErr);
        Assert.False(File.Exists(prefix + ".key"), "a key generated in the token must not be written to a file");
        Assert.DoesNotContain(SoftHsmToken.Pin, gen.StdOut, StringComparison.Ordinal);

        var pub = Run("public-key", "--key", uri);
        Assert.True(pub.ExitCode == 0, pub.StdErr);
        Assert.Equal(File.ReadAllText(prefix + ".pub"), pub.StdOut);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", pub.StdOut, StringComparison.Ordinal);

        await using var stack = await LocalSigstore.StartAsync();
        var artifact = Path.Combine(_work, "release.tar.gz");
        File.WriteAllBytes(artifact, Encoding.UTF8.GetBytes("pretend tarball"));
        var bundle = Path.Combine(_work, "release.sigstore.json");
        var signed = Run("sign", artifact, "--key", uri, "--bundle", bundle, "--signing-config", stack.SigningConfigPath);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        var verified = Run("verify", "--bundle", bundle, "--key", prefix + ".pub", "--trusted-root", stack.TrustedRootPath, artifact);
        Assert.True(verified.ExitCode == 0, verified.StdErr);
        // The verifier takes the token's public key by URI too.
        Assert.Equal(0, Run("verify", "--bundle", bundle, "--key", uri, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
        File.WriteAllText(artifact, "another tarball");
        Assert.Equal(1, Run("verify", "--bundle", bundle, "--key", prefix + ".pub", "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
    }

    [Fact]
    public void Wrong_pin_missing_object_missing_module_and_bad_uri_are_one_line_exit_3()
    {
        var token = SoftHsmToken.Create();
        Assert.Equal(0, Run("generate-key-pair", "--pkcs11", token.Uri("k"), "--output-key-prefix", Path.Combine(_work, "k")).ExitCode);
        AssertOneLine(Run("public-key", "--key", token.Uri("k", "0000")), "the PIN is wrong");
        AssertOneLine(Run("public-key", "--key", token.Uri("missing")), "no private key");
        AssertOneLine(Run("public-key", "--key", "pkcs11:object=k?module-path=/nonexistent/libpkcs11.so&pin-value=1"), "no such file");
        AssertOneLine(Run("public-key", "--key", "pkcs11:object=k;colour=red?module-path=/x.so"), "unknown path attribute 'colour'");
        AssertOneLine(Run("generate-key-pair", "--pkcs11", token.Uri("k"), "--output-key-prefix", Path.Combine(_work, "again")), "exists");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static SignetProcess.Result Run(params string[] args) => SignetProcess.Run(args, null, SoftHsmToken.Environment, null);

    private static void AssertOneLine(SignetProcess.Result r, string contains)
    {
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains(contains, r.StdErr, StringComparison.Ordinal);
    }
}
