using Signet.Core.Bundles;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests;

/// <summary>
/// <c>signet trusted-root create</c> composes a trusted root from a served instance's parts (CA chain, log keys, CT key,
/// TSA chain); it verifies that instance's bundles, and a window that closed before the bundle was made refuses it.
/// </summary>
[Collection("interop")]
public sealed class TrustedRootCreateTests : IDisposable
{
    private const string Email = "root@signet.dev";
    private readonly string _work = Directory.CreateTempSubdirectory("signet-trusted-root-").FullName;

    [Fact]
    public async Task A_composed_root_verifies_the_instances_bundles_and_honours_the_windows()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var dir = stack.DataDirectory;
        var artifact = Path.Combine(_work, "a.txt");
        File.WriteAllText(artifact, "composed trust\n");
        var bundle = artifact + ".sigstore.json";
        var signed = SignetProcess.Run("sign", artifact, "--bundle", bundle, "--identity-token", await stack.TokenAsync(Email), "--signing-config", stack.SigningConfigPath);
        Assert.True(signed.ExitCode == 0, signed.StdErr);

        var caChain = Path.Combine(_work, "ca.pem");
        File.WriteAllText(caChain, File.ReadAllText(Path.Combine(dir, "ca", "intermediate.pem")) + File.ReadAllText(Path.Combine(dir, "ca", "root.pem")));
        var v1 = PublicKey(Path.Combine(dir, "keys", "log-ecdsa-p256.pem"));
        var v2 = PublicKey(Path.Combine(dir, "keys", "log-ed25519.pem"));
        var ct = PublicKey(Path.Combine(dir, "keys", "ct.key.pem"));
        var origin = File.ReadAllText(Path.Combine(dir, "log", "origin")).Trim();
        string[] Compose(string rekorEnd) =>
        [
            "trusted-root", "create",
            "--certificate-chain", caChain, "--fulcio-uri", stack.Url,
            "--rekor-key", v1, "--rekor-url", stack.Url, "--rekor-start-time", "2020-01-01T00:00:00Z", "--rekor-end-time", rekorEnd,
            "--rekor-key", v2 + "," + origin, "--rekor-url", stack.Url, "--rekor-start-time", "2020-01-01T00:00:00Z", "--rekor-end-time", rekorEnd,
            "--ctfe-key", ct, "--ctfe-url", stack.Url, "--ctfe-start-time", "2020-01-01T00:00:00Z",
            "--timestamp-certificate-chain", Path.Combine(dir, "tsa", "certchain.pem"), "--timestamp-uri", stack.Url + "/api/v1/timestamp",
        ];

        var composed = Path.Combine(_work, "trusted_root.json");
        var create = SignetProcess.Run([.. Compose("2099-01-01T00:00:00Z"), "--out", composed]);
        Assert.True(create.ExitCode == 0, create.StdErr);

        // The log IDs are the ones the server itself publishes.
        var served = stack.TrustedRoot;
        var mine = TrustedRoot.Parse(File.ReadAllBytes(composed));
        Assert.Equal(served.Tlogs.Select(t => Convert.ToHexString(t.LogId)).Order(), mine.Tlogs.Select(t => Convert.ToHexString(t.LogId)).Order());
        Assert.Equal(served.Ctlogs.Single().LogId, mine.Ctlogs.Single().LogId);
        Assert.Equal(Verify(bundle, artifact, stack, stack.TrustedRootPath).ExitCode, Verify(bundle, artifact, stack, composed).ExitCode);
        var ok = Verify(bundle, artifact, stack, composed);
        Assert.True(ok.ExitCode == 0, ok.StdErr);

        // Log keys whose window closed before the bundle was made: the same bundle is refused.
        var closed = Path.Combine(_work, "closed.json");
        Assert.Equal(0, SignetProcess.Run([.. Compose("2021-01-01T00:00:00Z"), "--out", closed]).ExitCode);
        Assert.Equal(1, Verify(bundle, artifact, stack, closed).ExitCode);

        // A key without its start is a usage error (exit 2); a private key and a time that is not RFC 3339 are refused too.
        Assert.Equal(2, SignetProcess.Run("trusted-root", "create", "--rekor-key", v1).ExitCode);
        Assert.Contains("public key", SignetProcess.Run("trusted-root", "create", "--rekor-key", Path.Combine(dir, "keys", "log-ecdsa-p256.pem"), "--rekor-start-time", "2020-01-01T00:00:00Z").StdErr, StringComparison.Ordinal);
        Assert.Contains("RFC 3339", SignetProcess.Run("trusted-root", "create", "--rekor-key", v1, "--rekor-start-time", "yesterday").StdErr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static SignetProcess.Result Verify(string bundle, string artifact, LocalSigstore stack, string trustedRoot) =>
        SignetProcess.Run("verify", "--bundle", bundle, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", trustedRoot, artifact);

    private string PublicKey(string privateKeyFile)
    {
        var path = Path.Combine(_work, Path.GetFileNameWithoutExtension(privateKeyFile) + ".pub");
        var r = SignetProcess.Run("public-key", "--key", privateKeyFile, "--output-file", path);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
        return path;
    }
}
