using System.Text.Json;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Oci;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Oci;

/// <summary>
/// <c>signet image sign|attest|verify|verify-attestation</c> as processes against the real registry and a local Sigstore
/// (CA, CT, log, TSA, development OIDC issuer): keyless and key signatures in both layouts, what verifies and what not.
/// </summary>
[Collection("interop")]
public sealed class ImageVerifyCommandTests : IAsyncLifetime, IDisposable
{
    private const string Alice = "alice@signet.dev";
    private const string Bob = "bob@signet.dev";
    private readonly RegistryServer _registry = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-image-verify-").FullName;
    private LocalSigstore _stack = null!;

    public async Task InitializeAsync() => _stack = await LocalSigstore.StartAsync();

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<ManifestContent> Push(string repo, string tag, string content)
    {
        using var client = new RegistryClient(_registry.Registry);
        return await TestImages.PushImageAsync(client, repo, tag, content);
    }

    private string Ref(string repoAndTag) => $"{_registry.Registry}/{repoAndTag}";

    private static readonly Dictionary<string, string> PasswordEnv = new() { ["SIGNET_PASSWORD"] = "pw" };

    private static SignetProcess.Result Signet(params string[] args) => SignetProcess.Run(args, null, PasswordEnv, null);

    private SignetProcess.Result SignKeyless(string reference, string token, params string[] more) =>
        Signet(["image", "sign", reference, "--identity-token", token, "--signing-config", _stack.SigningConfigPath, .. more]);

    private SignetProcess.Result VerifyIdentity(string reference, string email, params string[] more) =>
        Signet(["image", "verify", reference, "--certificate-identity", email, "--certificate-oidc-issuer", _stack.Issuer, "--trusted-root", _stack.TrustedRootPath, .. more]);

    private static void Ok(SignetProcess.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}{r.StdOut}");

    private static void FailsWithOneLine(SignetProcess.Result r, int exitCode, string says)
    {
        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode} (expected {exitCode}): {r.StdErr}");
        var lines = r.StdErr.Trim().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("signet image", StringComparison.Ordinal) && l.Contains(says, StringComparison.Ordinal));
    }

    private string WriteKey(string name)
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, key.ExportEncryptedPkcs8Pem("pw"));
        File.WriteAllText(path + ".pub", Pem.Encode("PUBLIC KEY", key.PublicKey.SpkiDer));
        return path;
    }

    [Fact]
    public async Task Keyless_in_both_layouts_verifies_by_tag_and_digest_lists_both_identities_and_refuses_a_wrong_one()
    {
        var image = await Push("verify/keyless", "v1", "keyless image");
        var tag = Ref("verify/keyless:v1");
        var alice = await _stack.TokenAsync(Alice);
        Ok(SignKeyless(tag, alice, "--storage", "legacy"));
        Ok(SignKeyless(tag, alice));
        Ok(SignKeyless(tag, await _stack.TokenAsync(Bob)));

        var byTag = VerifyIdentity(tag, Alice);
        Ok(byTag);
        Assert.Equal(2, byTag.StdOut.Split('\n').Count(l => l.StartsWith($"verified {Ref("verify/keyless")}@{image.Digest}", StringComparison.Ordinal)));
        Assert.Contains($"signed by {Alice}", byTag.StdOut, StringComparison.Ordinal);
        Assert.Contains("[legacy]", byTag.StdOut, StringComparison.Ordinal);
        Assert.Contains("[bundle]", byTag.StdOut, StringComparison.Ordinal);
        Assert.Single(byTag.StdOut.Split('\n'), l => l.StartsWith("rejected", StringComparison.Ordinal)); // bob's

        var json = VerifyIdentity(Ref($"verify/keyless@{image.Digest}"), Bob, "--json");
        Ok(json);
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.Equal(image.Digest.ToString(), doc.RootElement.GetProperty("digest").GetString());
        var verified = Assert.Single(doc.RootElement.GetProperty("verified").EnumerateArray());
        Assert.Equal(Bob, verified.GetProperty("identity").GetString());
        Assert.Equal("bundle", verified.GetProperty("layout").GetString());
        Assert.NotEmpty(verified.GetProperty("logIndexes").EnumerateArray());
        Assert.Equal(2, doc.RootElement.GetProperty("rejected").GetArrayLength());

        FailsWithOneLine(VerifyIdentity(tag, "mallory@signet.dev"), 1, "no signature verified");
        FailsWithOneLine(Signet("image", "verify", tag, "--certificate-identity", Alice, "--certificate-oidc-issuer", "https://issuer.example", "--trusted-root", _stack.TrustedRootPath), 1, "does not match");
    }

    [Fact]
    public async Task Tag_moved_to_another_image_does_not_verify_and_the_old_digest_still_does()
    {
        var first = await Push("verify/moved", "v1", "first");
        var tag = Ref("verify/moved:v1");
        Ok(SignKeyless(tag, await _stack.TokenAsync(Alice)));
        await Push("verify/moved", "v1", "second"); // the tag now names another digest

        FailsWithOneLine(VerifyIdentity(tag, Alice), 1, "nothing is attached");
        Ok(VerifyIdentity(Ref($"verify/moved@{first.Digest}"), Alice));
    }

    [Fact]
    public async Task Keyless_attestation_verifies_by_type_only()
    {
        await Push("verify/att", "v1", "attested image");
        var tag = Ref("verify/att:v1");
        var predicate = Path.Combine(_dir, "provenance.json");
        File.WriteAllText(predicate, """{"buildDefinition":{"buildType":"https://signet.dev/test"}}""");
        var token = await _stack.TokenAsync(Alice);
        foreach (var storage in new[] { "bundle", "legacy" })
        {
            Ok(Signet("image", "attest", tag, "--predicate", predicate, "--type", "slsaprovenance1", "--storage", storage,
                "--identity-token", token, "--signing-config", _stack.SigningConfigPath));
        }

        string[] policy = ["--certificate-identity", Alice, "--certificate-oidc-issuer", _stack.Issuer, "--trusted-root", _stack.TrustedRootPath];
        var ok = Signet(["image", "verify-attestation", tag, "--type", "slsaprovenance1", .. policy]);
        Ok(ok);
        Assert.Equal(2, ok.StdOut.Split('\n').Count(l => l.StartsWith("verified", StringComparison.Ordinal)));
        var uri = Signet(["image", "verify-attestation", tag, "--type", "https://slsa.dev/provenance/v1", "--json", .. policy]);
        Ok(uri);
        using var doc = JsonDocument.Parse(uri.StdOut);
        Assert.All(doc.RootElement.GetProperty("verified").EnumerateArray(), v => Assert.Equal("https://slsa.dev/provenance/v1", v.GetProperty("predicateType").GetString()));

        FailsWithOneLine(Signet(["image", "verify-attestation", tag, "--type", "spdxjson", .. policy]), 1, "no attestation verified");
        FailsWithOneLine(VerifyIdentity(tag, Alice), 1, "no signature verified"); // attestations are not signatures
        FailsWithOneLine(Signet(["image", "verify-attestation", tag, "--type", "not a type", .. policy]), 2, "--type");
    }

    [Fact]
    public async Task Key_signature_is_logged_and_verifies_an_offline_one_only_with_insecure_ignore_tlog_and_a_warning()
    {
        await Push("verify/key", "v1", "key image");
        var tag = Ref("verify/key:v1");
        var key = WriteKey("signer.key");
        string[] verify = ["image", "verify", tag, "--key", key + ".pub", "--trusted-root", _stack.TrustedRootPath];

        var offline = Signet("image", "sign", tag, "--key", key, "--tlog-upload=false", "--storage", "legacy");
        Ok(offline);
        Assert.Contains("WARNING", offline.StdErr, StringComparison.Ordinal);
        FailsWithOneLine(Signet(verify), 1, "transparency log");
        var ignoring = Signet([.. verify, "--insecure-ignore-tlog"]);
        Ok(ignoring);
        Assert.Contains("WARNING: --insecure-ignore-tlog", ignoring.StdErr, StringComparison.Ordinal);
        Assert.Contains("no transparency log entry", ignoring.StdOut, StringComparison.Ordinal);

        var logged = Signet("image", "sign", tag, "--key", key, "--signing-config", _stack.SigningConfigPath);
        Ok(logged);
        Assert.DoesNotContain("WARNING", logged.StdErr, StringComparison.Ordinal);
        var strict = Signet(verify);
        Ok(strict);
        Assert.Single(strict.StdOut.Split('\n'), l => l.StartsWith("verified", StringComparison.Ordinal) && l.Contains("log index", StringComparison.Ordinal));

        var otherKey = WriteKey("other.key");
        FailsWithOneLine(Signet("image", "verify", tag, "--key", otherKey + ".pub", "--trusted-root", _stack.TrustedRootPath, "--insecure-ignore-tlog"), 1, "no signature verified");
    }

    /// <summary>
    /// An Ed25519 key signs an image (Ed25519ph over the payload's SHA-512, which both log versions accept) and attests
    /// it (pure Ed25519 over the DSSE envelope, which no Rekor v2 entry can carry: the attestation goes to the signing
    /// config's Rekor v1 log, as <c>signet attest</c>'s does) in both layouts, and each verifies with the public key.
    /// </summary>
    [Fact]
    public async Task An_Ed25519_key_signs_and_attests_an_image_in_both_layouts()
    {
        await Push("verify/ed25519", "v1", "ed25519 image");
        var tag = Ref("verify/ed25519:v1");
        using var key = SigningKey.GenerateEd25519();
        var path = Path.Combine(_dir, "ed.key");
        File.WriteAllText(path, key.ExportEncryptedPkcs8Pem("pw"));
        File.WriteAllText(path + ".pub", Pem.Encode("PUBLIC KEY", key.PublicKey.SpkiDer));
        var predicate = Path.Combine(_dir, "ed-provenance.json");
        File.WriteAllText(predicate, """{"buildDefinition":{"buildType":"https://signet.dev/test"}}""");
        foreach (var storage in new[] { "bundle", "legacy" })
        {
            Ok(Signet("image", "sign", tag, "--key", path, "--storage", storage, "--signing-config", _stack.SigningConfigPath));
            Ok(Signet("image", "attest", tag, "--key", path, "--predicate", predicate, "--type", "slsaprovenance1", "--storage", storage,
                "--signing-config", _stack.SigningConfigPath));
        }

        var signatures = Signet("image", "verify", tag, "--key", path + ".pub", "--trusted-root", _stack.TrustedRootPath);
        Ok(signatures);
        Assert.Equal(2, signatures.StdOut.Split('\n').Count(l => l.StartsWith("verified", StringComparison.Ordinal)));
        var attestations = Signet("image", "verify-attestation", tag, "--type", "slsaprovenance1", "--key", path + ".pub", "--trusted-root", _stack.TrustedRootPath);
        Ok(attestations);
        Assert.Equal(2, attestations.StdOut.Split('\n').Count(l => l.StartsWith("verified", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Contradictory_flags_are_usage_errors_before_anything_is_signed()
    {
        await Push("verify/usage", "v1", "usage image");
        var tag = Ref("verify/usage:v1");
        var key = WriteKey("u.key");
        FailsWithOneLine(Signet("image", "verify", tag, "--trusted-root", _stack.TrustedRootPath), 2, "--certificate-identity");
        FailsWithOneLine(Signet("image", "verify", tag, "--key", key + ".pub", "--certificate-identity", Alice), 2, "--key");
        FailsWithOneLine(Signet("image", "sign", tag, "--tlog-upload=false", "--identity-token", "x"), 2, "--tlog-upload=false needs --key");
        FailsWithOneLine(Signet("image", "sign", tag, "--key", key, "--identity-token", "x"), 2, "--identity-token");
        // --trusted-root bypasses TUF, so the services cannot come from the TUF trust store either.
        FailsWithOneLine(Signet("image", "sign", tag, "--key", key, "--trusted-root", _stack.TrustedRootPath), 3, "--signing-config");
        FailsWithOneLine(Signet("image", "verify", tag, "--key", key + ".pub", "--storage", "sideways"), 2, "--storage");
    }
}
