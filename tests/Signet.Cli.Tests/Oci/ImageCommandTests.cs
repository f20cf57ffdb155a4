using Signet.Client.Keys;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Oci;

namespace Signet.Cli.Tests.Oci;

public sealed class ImageCommandTests : IDisposable
{
    private readonly RegistryServer _registry = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-image-cli-").FullName;

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private const string Password = "pw";

    private static readonly Dictionary<string, string> PasswordEnv = new() { ["SIGNET_PASSWORD"] = Password };

    private string WriteKey(string name)
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, key.ExportEncryptedPkcs8Pem(Password));
        File.WriteAllText(path + ".pub", Pem.Encode("PUBLIC KEY", key.PublicKey.SpkiDer));
        return path;
    }

    private async Task<ManifestContent> Push(string repo, string tag)
    {
        using var client = new RegistryClient(_registry.Registry);
        return await TestImages.PushImageAsync(client, repo, tag, repo + tag);
    }

    private static SignetProcess.Result Signet(params string[] args) => SignetProcess.Run(args, null, PasswordEnv, null);

    [Fact]
    public async Task Sign_in_both_layouts_and_attest_then_tree_lists_them()
    {
        var image = await Push("cli/app", "v1");
        var key = WriteKey("alice.key");
        var reference = $"{_registry.Registry}/cli/app:v1";

        var legacy = Signet("image", "sign", reference, "--key", key, "--tlog-upload=false", "--storage", "legacy");
        Assert.True(legacy.ExitCode == 0, legacy.StdErr);
        Assert.Contains($"@{image.Digest}", legacy.StdOut, StringComparison.Ordinal);
        var bundle = Signet("image", "sign", reference, "--key", key, "--tlog-upload=false");
        Assert.True(bundle.ExitCode == 0, bundle.StdErr);
        var predicate = Path.Combine(_dir, "predicate.json");
        File.WriteAllText(predicate, """{"buildType":"test"}""");
        var attest = Signet("image", "attest", reference, "--key", key, "--predicate", predicate, "--type", "slsaprovenance1", "--storage", "legacy", "--tlog-upload=false");
        Assert.True(attest.ExitCode == 0, attest.StdErr);

        var tree = Signet("image", "tree", $"{_registry.Registry}/cli/app@{image.Digest}");
        Assert.True(tree.ExitCode == 0, tree.StdErr);
        Assert.Contains($"signatures (tag {image.Digest.ToTag(".sig")}): 1", tree.StdOut, StringComparison.Ordinal);
        Assert.Contains($"attestations (tag {image.Digest.ToTag(".att")}): 1", tree.StdOut, StringComparison.Ordinal);
        Assert.Contains("predicateType=https://slsa.dev/provenance/v1", tree.StdOut, StringComparison.Ordinal);
        Assert.Contains("referrers: 1", tree.StdOut, StringComparison.Ordinal);
        Assert.Contains("application/vnd.dev.sigstore.bundle.v0.3+json dsse-envelope predicateType=https://sigstore.dev/cosign/sign/v1", tree.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Platform_flag_signs_the_platform_manifest_inside_an_index()
    {
        using var client = new RegistryClient(_registry.Registry);
        var (index, images) = await TestImages.PushIndexAsync(client, "cli/multi", "v1", "linux/amd64", "linux/arm64");
        var key = WriteKey("k.key");
        var reference = $"{_registry.Registry}/cli/multi:v1";

        // No password anywhere (no variable, empty standard input): one line naming where it is read from.
        var noPassword = SignetProcess.Run(["image", "sign", reference, "--key", key, "--tlog-upload=false", "--platform", "linux/arm64"], null, null, null);
        Assert.Equal(3, noPassword.ExitCode);
        Assert.Contains("SIGNET_PASSWORD", Assert.Single(noPassword.StdErr.Trim().Split('\n')), StringComparison.Ordinal);

        var signed = Signet("image", "sign", reference, "--key", key, "--tlog-upload=false", "--platform", "linux/arm64");
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        Assert.Contains($"@{images[1].Digest}", signed.StdOut, StringComparison.Ordinal);

        Assert.Contains("referrers: 1", Signet("image", "tree", reference, "--platform", "linux/arm64").StdOut, StringComparison.Ordinal);
        Assert.Contains("referrers: 0", Signet("image", "tree", reference).StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(index.Digest.ToString(), signed.StdOut, StringComparison.Ordinal);

        // Verification picks the same platform out of the index; the index itself and the other platform have nothing.
        string[] verify = ["image", "verify", reference, "--key", key + ".pub", "--insecure-ignore-tlog"];
        var arm = Signet([.. verify, "--platform", "linux/arm64"]);
        Assert.True(arm.ExitCode == 0, arm.StdErr);
        Assert.StartsWith($"verified {_registry.Registry}/cli/multi@{images[1].Digest}", arm.StdOut, StringComparison.Ordinal);
        var amd = Signet([.. verify, "--platform", "linux/amd64"]);
        Assert.Equal(1, amd.ExitCode);
        Assert.Contains($"nothing is attached to {_registry.Registry}/cli/multi@{images[0].Digest}", amd.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, Signet(verify).ExitCode);
    }

    [Fact]
    public async Task A_cosign_key_signs_with_COSIGN_PASSWORD_and_a_wrong_password_is_one_line_and_pushes_nothing()
    {
        await Push("cli/cosign", "v1");
        using var original = SigningKey.GenerateEcdsaP256();
        var key = Path.Combine(_dir, "cosign.key");
        File.WriteAllText(key, CosignEncryptedKey.Encrypt(original.ExportPkcs8(), "cosign pw"));
        File.WriteAllText(key + ".pub", original.PublicKey.ToPem());
        var reference = $"{_registry.Registry}/cli/cosign:v1";
        string[] sign = ["image", "sign", reference, "--key", key, "--tlog-upload=false"];

        var wrong = SignetProcess.Run(sign, null, new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "not it" }, null);
        Assert.Equal(3, wrong.ExitCode);
        var line = Assert.Single(wrong.StdErr.Trim().Split('\n'));
        Assert.StartsWith("signet image sign:", line, StringComparison.Ordinal);
        Assert.Contains("password", line, StringComparison.Ordinal);
        Assert.Empty(wrong.StdOut);
        Assert.Contains("referrers: 0", Signet("image", "tree", reference).StdOut, StringComparison.Ordinal);

        var signed = SignetProcess.Run(sign, null, new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "cosign pw" }, null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        Assert.Contains("referrers: 1", Signet("image", "tree", reference).StdOut, StringComparison.Ordinal);
        var verified = Signet("image", "verify", reference, "--key", key + ".pub", "--insecure-ignore-tlog");
        Assert.True(verified.ExitCode == 0, verified.StdErr);

        // The same key through --password-file, as signet sign --key reads it; attest shares the loader.
        var passwordFile = Path.Combine(_dir, "cosign-pw.txt");
        File.WriteAllText(passwordFile, "cosign pw\n");
        var predicate = Path.Combine(_dir, "cosign-predicate.json");
        File.WriteAllText(predicate, """{"buildType":"test"}""");
        var attested = SignetProcess.Run(["image", "attest", reference, "--key", key, "--password-file", passwordFile, "--predicate", predicate, "--tlog-upload=false"],
            null, new Dictionary<string, string>(), null);
        Assert.True(attested.ExitCode == 0, attested.StdErr);
    }

    [Fact]
    public async Task Failures_exit_with_their_code_and_one_readable_line()
    {
        await Push("cli/err", "v1");
        var key = WriteKey("e.key");
        var reference = $"{_registry.Registry}/cli/err:v1";

        var missing = Signet("image", "sign", $"{_registry.Registry}/cli/err:nope", "--key", key);
        Assert.Equal(4, missing.ExitCode);
        Assert.Contains("not found (404)", missing.StdErr, StringComparison.Ordinal);

        Assert.Equal(2, Signet("image", "sign", reference, "--key", key, "--storage", "sideways").ExitCode);
        Assert.Equal(2, Signet("image", "sign", reference, "--key", key, "--platform", "linux/amd64").ExitCode);
        Assert.Equal(3, Signet("image", "sign", reference, "--key", Path.Combine(_dir, "absent.key"), "--tlog-upload=false").ExitCode);
        Assert.Equal(3, Signet("image", "sign", "Not A Reference", "--key", key).ExitCode);
        Assert.Equal(2, Signet("image", "attest", reference, "--key", key, "--predicate", key, "--type", "nonsense").ExitCode);

        var insecure = Signet("image", "tree", "registry.invalid:5000/app:v1", "--allow-insecure-registry");
        Assert.Equal(4, insecure.ExitCode);
        Assert.Single(insecure.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Verify_against_a_registry_that_needs_credentials_says_so_and_succeeds_with_them()
    {
        using var secured = new RegistryServer(basicAuth: true);
        using (var client = new RegistryClient(secured.Registry, new RegistryClientOptions
        {
            Credentials = new StaticCredentialSource(new RegistryCredential(RegistryServer.User, RegistryServer.Password)),
        }))
        {
            await TestImages.PushImageAsync(client, "cli/private", "v1", "private image");
        }

        var key = WriteKey("p.key");
        var reference = $"{secured.Registry}/cli/private:v1";
        string[] credentials = ["--registry-username", RegistryServer.User, "--registry-password", RegistryServer.Password];
        var sign = Signet(["image", "sign", reference, "--key", key, "--tlog-upload=false", .. credentials]);
        Assert.True(sign.ExitCode == 0, sign.StdErr);

        var anonymous = SignetProcess.Run(["image", "verify", reference, "--key", key + ".pub", "--insecure-ignore-tlog"], null,
            new Dictionary<string, string> { ["DOCKER_CONFIG"] = _dir }, null);
        Assert.Equal(4, anonymous.ExitCode);
        var line = Assert.Single(anonymous.StdErr.Trim().Split('\n'), l => l.StartsWith("signet image verify:", StringComparison.Ordinal));
        Assert.Contains("authentication required (401)", line, StringComparison.Ordinal);
        Assert.Contains("--registry-username", line, StringComparison.Ordinal);

        var verified = Signet(["image", "verify", reference, "--key", key + ".pub", "--insecure-ignore-tlog", .. credentials]);
        Assert.True(verified.ExitCode == 0, verified.StdErr);
        Assert.StartsWith($"verified {secured.Registry}/cli/private@sha256:", verified.StdOut, StringComparison.Ordinal);
    }
}
