using System.Text;
using Signet.Core.Bundles;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Signing;

/// <summary><c>signet sign / attest / sign-bundle / generate-key-pair / provenance</c> as processes against a real local stack.</summary>
[Collection("interop")]
public sealed class SigningCommandTests : IDisposable
{
    private const string Email = "signer@signet.dev";
    private readonly string _work = Directory.CreateTempSubdirectory("signet-sign-cli-").FullName;

    [Fact]
    public async Task Keyless_sign_then_verify_and_the_bad_inputs_fail_with_one_line_and_no_bundle()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var token = await stack.TokenAsync(Email);
        var artifact = Write("release.tar.gz", Encoding.UTF8.GetBytes("pretend tarball"));
        var bundle = Path.Combine(_work, "release.sigstore.json");

        var ok = Sign(["sign", artifact, "--bundle", bundle, "--identity-token", token, "--signing-config", stack.SigningConfigPath]);
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        Assert.Equal(MediaTypes.BundleV03, Bundle.Parse(File.ReadAllBytes(bundle)).MediaType);
        Assert.Equal(0, SignetProcess.Run("verify", "--bundle", bundle, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
        File.Delete(bundle);

        // The token from SIGSTORE_ID_TOKEN works the same.
        var fromEnv = SignetProcess.Run(["sign", artifact, "--bundle", bundle, "--signing-config", stack.SigningConfigPath], null,
            new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = token }, null);
        Assert.True(fromEnv.ExitCode == 0, fromEnv.StdErr);
        File.Delete(bundle);

        // No token anywhere.
        var none = SignetProcess.Run(["sign", artifact, "--bundle", bundle, "--signing-config", stack.SigningConfigPath], null,
            new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = "", ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "" }, null);
        AssertOneLineFailure(none, Exit.InvalidInput, "no identity token", bundle);

        // An expired token is refused before any service is called.
        var expired = IdentityJwt("""{"iss":"http://x/oidc","sub":"a@b.c","exp":1000}""");
        AssertOneLineFailure(Sign(["sign", artifact, "--bundle", bundle, "--identity-token", expired, "--signing-config", stack.SigningConfigPath]), Exit.InvalidInput, "expired", bundle);

        // A token the CA refuses (not signed by the issuer).
        var forged = IdentityJwt($$"""{"iss":"{{stack.Issuer}}","sub":"{{Email}}","email":"{{Email}}","email_verified":true,"aud":"sigstore","exp":4102444800}""");
        AssertOneLineFailure(Sign(["sign", artifact, "--bundle", bundle, "--identity-token", forged, "--signing-config", stack.SigningConfigPath]), Exit.ServiceError, "certificate authority", bundle);

        // An unreachable service.
        var config = SigningConfig.Parse(File.ReadAllBytes(stack.SigningConfigPath));
        var dead = Write("dead.json", (config with { CaUrls = [new Service("http://127.0.0.1:1", 1, null, null)] }).ToJson());
        AssertOneLineFailure(Sign(["sign", artifact, "--bundle", bundle, "--identity-token", token, "--signing-config", dead, "--trusted-root", stack.TrustedRootPath]), Exit.ServiceError, "unreachable", bundle);

        // A trusted root that does not trust this stack: self-verification fails, nothing is written.
        var root = TrustedRoot.Parse(File.ReadAllBytes(stack.TrustedRootPath));
        var otherRoot = Write("other_root.json", (root with { CertificateAuthorities = [] }).ToJson());
        AssertOneLineFailure(Sign(["sign", artifact, "--bundle", bundle, "--identity-token", token, "--signing-config", stack.SigningConfigPath, "--trusted-root", otherRoot]), Exit.VerificationFailed, "", bundle);
    }

    [Fact]
    public async Task Key_pair_is_encrypted_0600_and_signs_and_a_wrong_password_is_one_line()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var prefix = Path.Combine(_work, "release");
        var env = new Dictionary<string, string> { ["SIGNET_PASSWORD"] = "correct horse" };
        var gen = SignetProcess.Run(["generate-key-pair", "--output-key-prefix", prefix], null, env, null);
        Assert.True(gen.ExitCode == 0, gen.StdErr);
        var keyText = File.ReadAllText(prefix + ".key");
        Assert.Contains("BEGIN ENCRYPTED PRIVATE KEY", keyText);
        Assert.DoesNotContain("BEGIN PRIVATE KEY", keyText);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(prefix + ".key"));
        }

        // Empty password refused, nothing written.
        var empty = SignetProcess.Run(["generate-key-pair", "--output-key-prefix", prefix + "2"], null, new Dictionary<string, string> { ["SIGNET_PASSWORD"] = "" }, null);
        Assert.Equal(Exit.InvalidInput, empty.ExitCode);
        Assert.False(File.Exists(prefix + "2.key"));

        var artifact = Write("a.bin", [1, 2, 3]);
        var bundle = Path.Combine(_work, "a.sigstore.json");
        var signed = SignetProcess.Run(["sign", artifact, "--key", prefix + ".key", "--bundle", bundle, "--signing-config", stack.SigningConfigPath], null, env, null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        Assert.Equal(0, SignetProcess.Run("verify", "--bundle", bundle, "--key", prefix + ".pub", "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
        File.Delete(bundle);

        var wrong = SignetProcess.Run(["sign", artifact, "--key", prefix + ".key", "--bundle", bundle, "--signing-config", stack.SigningConfigPath], null,
            new Dictionary<string, string> { ["SIGNET_PASSWORD"] = "wrong" }, null);
        AssertOneLineFailure(wrong, Exit.InvalidInput, "password", bundle);

        // Password on standard input works too.
        var stdin = SignetProcess.Run(["sign", artifact, "--key", prefix + ".key", "--bundle", bundle, "--signing-config", stack.SigningConfigPath], null,
            new Dictionary<string, string>(), "correct horse\n");
        Assert.True(stdin.ExitCode == 0, stdin.StdErr);
    }

    [Fact]
    public async Task Attest_with_predicate_and_type_and_sign_bundle_in_toto_verify()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var token = await stack.TokenAsync(Email);
        var artifact = Write("a.txt", Encoding.UTF8.GetBytes("hello\n"));
        var predicate = Write("vex.json", Encoding.UTF8.GetBytes("""{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}"""));
        var bundle = Path.Combine(_work, "a.att.json");
        var r = Sign(["attest", artifact, "--predicate", predicate, "--type", "openvex", "--bundle", bundle, "--identity-token", token, "--signing-config", stack.SigningConfigPath]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var att = SignetProcess.Run("verify-attestation", "--bundle", bundle, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, "--type", "https://openvex.dev/ns", artifact);
        Assert.True(att.ExitCode == 0, att.StdErr);

        // --type takes cosign's short names as attest does; a name that is not the statement's fails, a bad name is a usage error.
        string[] verifyAtt = ["verify-attestation", "--bundle", bundle, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact];
        var shortName = SignetProcess.Run([.. verifyAtt, "--type", "openvex"]);
        Assert.True(shortName.ExitCode == 0, shortName.StdErr);
        var otherType = SignetProcess.Run([.. verifyAtt, "--type", "spdxjson"]);
        Assert.True(otherType.ExitCode == Exit.VerificationFailed, $"exit {otherType.ExitCode}: {otherType.StdErr}");
        Assert.Contains("not 'https://spdx.dev/Document'", otherType.StdErr);
        var badName = SignetProcess.Run([.. verifyAtt, "--type", "not a type"]);
        Assert.True(badName.ExitCode == Exit.Usage, $"exit {badName.ExitCode}: {badName.StdErr}");
        Assert.Single(badName.StdErr.Trim().Split('\n'));
        Assert.Contains("--type", badName.StdErr);

        // Conformance protocol: sign-bundle --in-toto with the statement whose subject is a.txt; then verify-bundle.
        var provenance = SignetProcess.Run(["provenance", artifact, "--builder-id", "https://builder.example", "--build-type", "https://build.example/v1", "--output", Path.Combine(_work, "prov.json")], null,
            new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "" }, null);
        Assert.True(provenance.ExitCode == 0, provenance.StdErr);
        var conf = Path.Combine(_work, "conf.json");
        var sb = Sign(["sign-bundle", "--identity-token", token, "--bundle", conf, "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath, "--in-toto", Path.Combine(_work, "prov.json")]);
        Assert.True(sb.ExitCode == 0, sb.StdErr);
        Assert.Equal(0, SignetProcess.Run("verify-bundle", "--bundle", conf, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);

        // Blob form of sign-bundle.
        var blob = Path.Combine(_work, "blob.json");
        Assert.Equal(0, Sign(["sign-bundle", "--identity-token", token, "--bundle", blob, "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath, artifact]).ExitCode);
        Assert.Equal(0, SignetProcess.Run("verify-bundle", "--bundle", blob, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);

        // A statement whose subject is not the artifact is refused.
        var other = Write("other.txt", [9]);
        AssertOneLineFailure(Sign(["attest", other, "--statement", Path.Combine(_work, "prov.json"), "--bundle", bundle + "2", "--identity-token", token, "--signing-config", stack.SigningConfigPath]), Exit.InvalidInput, "subject", bundle + "2");
    }

    [Fact]
    public async Task Verify_reads_the_bundle_sign_and_attest_wrote_next_to_the_artifact_when_no_bundle_is_named()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var token = await stack.TokenAsync(Email);
        var artifact = Write("tool.tar.gz", Encoding.UTF8.GetBytes("a release"));
        var other = Write("other.tar.gz", Encoding.UTF8.GetBytes("another release"));
        string[] identity = ["--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath];

        var signed = Sign(["sign", artifact, "--identity-token", token, "--signing-config", stack.SigningConfigPath]);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        var verified = SignetProcess.Run(["verify", artifact, .. identity]);
        Assert.True(verified.ExitCode == 0, verified.StdErr);
        Assert.Contains("Verified OK", verified.StdOut);

        var predicate = Write("vex.json", Encoding.UTF8.GetBytes("""{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}"""));
        var attested = Sign(["attest", artifact, "--predicate", predicate, "--type", "openvex", "--identity-token", token, "--signing-config", stack.SigningConfigPath]);
        Assert.True(attested.ExitCode == 0, attested.StdErr);
        var statement = SignetProcess.Run(["verify-attestation", artifact, "--type", "openvex", .. identity]);
        Assert.True(statement.ExitCode == 0, statement.StdErr);

        // The bundle next to an artifact is the one read: another file's bundle under this name does not verify it.
        File.Copy(artifact + ".sigstore.json", other + ".sigstore.json");
        Assert.Equal(Exit.VerificationFailed, SignetProcess.Run(["verify", other, .. identity]).ExitCode);

        // None there: one line saying where it looked; a digest has no file name to look next to.
        File.Delete(artifact + ".sigstore.json");
        var missing = SignetProcess.Run(["verify", artifact, .. identity]);
        Assert.Equal(Exit.Usage, missing.ExitCode);
        Assert.Contains($"no bundle at {artifact}.sigstore.json", missing.StdErr);
        Assert.Single(missing.StdErr.Trim().Split('\n'));
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)));
        var byDigest = SignetProcess.Run(["verify", digest, .. identity]);
        Assert.Equal(Exit.Usage, byDigest.ExitCode);
        Assert.Contains("give --bundle, or --signature", byDigest.StdErr);
    }

    /// <summary>The tool's exit codes (src/Signet.Cli/ExitCodes.cs).</summary>
    private static class Exit
    {
        public const int VerificationFailed = 1;
        public const int Usage = 2;
        public const int InvalidInput = 3;
        public const int ServiceError = 4;
    }

    private static SignetProcess.Result Sign(string[] args) => SignetProcess.Run(args, null, new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = "" }, null);

    private static void AssertOneLineFailure(SignetProcess.Result r, int code, string contains, string bundle)
    {
        Assert.True(r.ExitCode == code, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains(contains, r.StdErr);
        Assert.False(File.Exists(bundle), "a bundle was written although signing failed");
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(bundle)!, "*.tmp"));
    }

    private static string IdentityJwt(string claims) =>
        Core.Encoding.Base64Url.Encode("{\"alg\":\"ES256\",\"typ\":\"JWT\"}"u8) + "." + Core.Encoding.Base64Url.Encode(Encoding.UTF8.GetBytes(claims)) + "." + Core.Encoding.Base64Url.Encode(new byte[64]);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
