using Signet.Client.Keys;
using Signet.Core.Keys;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Signing;

/// <summary>cosign's encrypted key files: signed with directly (<c>sign --key</c>) and imported (<c>import-key-pair</c>).</summary>
[Collection("interop")]
public sealed class CosignKeyCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-cosign-key-").FullName;

    [Fact]
    public async Task A_cosign_key_signs_directly_and_imports_and_a_wrong_password_is_one_line()
    {
        await using var stack = await LocalSigstore.StartAsync();
        using var original = SigningKey.GenerateEcdsaP256();
        var cosignKey = Path.Combine(_work, "cosign.key");
        File.WriteAllText(cosignKey, CosignEncryptedKey.Encrypt(original.ExportPkcs8(), "cosign pw"));
        var cosignPub = Path.Combine(_work, "cosign.pub");
        File.WriteAllText(cosignPub, original.PublicKey.ToPem());
        var artifact = Path.Combine(_work, "a.bin");
        File.WriteAllBytes(artifact, [4, 5, 6]);
        var bundle = artifact + ".sigstore.json";
        var cosignEnv = new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "cosign pw" };

        // sign --key reads the cosign file itself (password from COSIGN_PASSWORD).
        var signed = SignetProcess.Run(["sign", artifact, "--key", cosignKey, "--bundle", bundle, "--signing-config", stack.SigningConfigPath], null,
            new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "cosign pw" }, null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        Assert.Equal(0, SignetProcess.Run("verify", "--bundle", bundle, "--key", cosignPub, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
        File.Delete(bundle);

        // --password-file too.
        var passwordFile = Path.Combine(_work, "pw.txt");
        File.WriteAllText(passwordFile, "cosign pw\n");
        var fromFile = SignetProcess.Run(["sign", artifact, "--key", cosignKey, "--password-file", passwordFile, "--bundle", bundle, "--signing-config", stack.SigningConfigPath], null,
            new Dictionary<string, string>(), null);
        Assert.True(fromFile.ExitCode == 0, fromFile.StdErr);
        File.Delete(bundle);

        // A wrong password: one line, exit 3, no bundle.
        var wrong = SignetProcess.Run(["sign", artifact, "--key", cosignKey, "--bundle", bundle, "--signing-config", stack.SigningConfigPath], null,
            new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "not it" }, null);
        Assert.Equal(3, wrong.ExitCode);
        Assert.Single(wrong.StdErr.Trim().Split('\n'));
        Assert.Contains("password", wrong.StdErr);
        Assert.False(File.Exists(bundle));

        // import-key-pair: the same key, now as Signet's encrypted PKCS#8 (0600), under the same password.
        var prefix = Path.Combine(_work, "imported");
        var imported = SignetProcess.Run(["import-key-pair", "--key", cosignKey, "--output-key-prefix", prefix], null, cosignEnv, null);
        Assert.True(imported.ExitCode == 0, imported.StdErr);
        var keyText = File.ReadAllText(prefix + ".key");
        Assert.Contains("BEGIN ENCRYPTED PRIVATE KEY", keyText);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(prefix + ".key"));
        }

        using (var reopened = SigningKey.ImportEncryptedPkcs8Pem(keyText, "cosign pw"))
        {
            Assert.Equal(original.PublicKey.SpkiDer, reopened.PublicKey.SpkiDer);
        }

        Assert.Equal(original.PublicKey.SpkiDer, VerificationKey.FromPem(File.ReadAllText(prefix + ".pub")).SpkiDer);

        // Import with a wrong password writes nothing.
        var badImport = SignetProcess.Run(["import-key-pair", "--key", cosignKey, "--output-key-prefix", prefix + "2"], null,
            new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "nope" }, null);
        Assert.Equal(3, badImport.ExitCode);
        Assert.Contains("password", badImport.StdErr);
        Assert.False(File.Exists(prefix + "2.key"));

        // A file that is not a cosign key.
        var notCosign = SignetProcess.Run(["import-key-pair", "--key", cosignPub, "--output-key-prefix", prefix + "3"], null, cosignEnv, null);
        Assert.Equal(3, notCosign.ExitCode);
        Assert.Contains("not a cosign encrypted key", notCosign.StdErr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
