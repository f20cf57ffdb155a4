using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Signet.Core.Keys;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Signing;

/// <summary>
/// <c>signet sign --key</c> and <c>attest --key</c> with each key the algorithm registry lists, against a real
/// <c>signet serve</c> through its Rekor v2 log (the signing config's default) and through its Rekor v1 log alone.
/// Before, only P-256 and RSA keys signed: a P-384 or P-521 key stopped with an internal error (a SHA-256 digest given
/// to a key that signs SHA-384/512), an Ed25519 key's pure signature was refused by both logs, and a P-384
/// attestation's PAE digest by Rekor v2. Now each key signs the digest of the hash its algorithm names (an Ed25519
/// key as Ed25519ph over SHA-512, as rekor and sigstore-go do), and the bundle verifies against the file; an Ed25519
/// key's attestation (pure Ed25519 over the envelope) goes to the Rekor v1 log.
/// </summary>
[Collection("interop")]
public sealed class KeyAlgorithmSigningTests : IDisposable
{
    private const string Password = "correct horse";
    private readonly string _work = Directory.CreateTempSubdirectory("signet-keyalg-").FullName;
    private readonly Dictionary<string, string> _env = new() { ["SIGNET_PASSWORD"] = Password };

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Each_key_kind_signs_and_attests_through_either_log_version_and_its_bundles_verify()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var v1Only = RekorV1Only(stack.SigningConfigPath);
        var predicate = Path.Combine(_work, "vex.json");
        File.WriteAllText(predicate, """{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}""");

        foreach (var kind in new[] { "p384", "p521", "ed25519" })
        {
            var (key, pub) = WriteKey(kind);
            foreach (var (config, version) in new[] { (stack.SigningConfigPath, "v2"), (v1Only, "v1") })
            {
                var what = $"{kind} via Rekor {version}";
                var artifact = Path.Combine(_work, $"{kind}-{version}.txt");
                File.WriteAllText(artifact, what);
                var signed = SignetProcess.Run(["sign", artifact, "--key", key, "--signing-config", config, "--trusted-root", stack.TrustedRootPath], null, _env, null);
                Assert.True(signed.ExitCode == 0, $"{what}: {signed.StdErr}");
                var bundle = artifact + ".sigstore.json";
                var entry = JsonNode.Parse(File.ReadAllText(bundle))!["verificationMaterial"]!["tlogEntries"]![0]!["kindVersion"]!["version"]!.GetValue<string>();
                Assert.Equal(version == "v2" ? "0.0.2" : "0.0.1", entry);
                var verified = SignetProcess.Run("verify", artifact, "--bundle", bundle, "--key", pub, "--trusted-root", stack.TrustedRootPath);
                Assert.True(verified.ExitCode == 0, $"{what}: {verified.StdErr}");

                var attested = SignetProcess.Run(["attest", artifact, "--predicate", predicate, "--type", "openvex", "--key", key, "--signing-config", config, "--trusted-root", stack.TrustedRootPath], null, _env, null);
                Assert.True(attested.ExitCode == 0, $"{what}: {attested.StdErr}");
                var attestation = SignetProcess.Run("verify-attestation", artifact, "--bundle", artifact + ".intoto.sigstore.json", "--key", pub, "--trusted-root", stack.TrustedRootPath);
                Assert.True(attestation.ExitCode == 0, $"{what}: {attestation.StdErr}");

                // An Ed25519 key signs the envelope with pure Ed25519, which a Rekor v2 entry (a digest) cannot carry:
                // its attestation goes to the config's Rekor v1 log, as a dsse entry.
                var logged = JsonNode.Parse(File.ReadAllText(artifact + ".intoto.sigstore.json"))!["verificationMaterial"]!["tlogEntries"]![0]!["kindVersion"]!;
                Assert.Equal(kind == "ed25519" || version == "v1" ? "dsse" : "hashedrekord", logged["kind"]!.GetValue<string>());

                File.AppendAllText(artifact, "!");
                var changed = SignetProcess.Run("verify", artifact, "--bundle", bundle, "--key", pub, "--trusted-root", stack.TrustedRootPath);
                Assert.True(changed.ExitCode == 1, $"{what}: exit {changed.ExitCode}: {changed.StdErr}");
            }
        }
    }

    [Fact]
    public async Task An_ed25519_attestation_with_only_a_rekor_v2_log_is_refused_in_one_line_before_anything_is_logged()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var (key, _) = WriteKey("ed25519");
        var config = JsonNode.Parse(File.ReadAllText(stack.SigningConfigPath))!.AsObject();
        config["rekorTlogUrls"] = new JsonArray(config["rekorTlogUrls"]!.AsArray().Where(l => l!["majorApiVersion"]!.GetValue<int>() == 2).Select(l => l!.DeepClone()).ToArray());
        var v2Only = Path.Combine(_work, "signing_config.v2.json");
        File.WriteAllText(v2Only, config.ToJsonString());
        var artifact = Path.Combine(_work, "a.txt");
        File.WriteAllText(artifact, "a");
        var predicate = Path.Combine(_work, "vex.json");
        File.WriteAllText(predicate, """{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}""");

        var r = SignetProcess.Run(["attest", artifact, "--predicate", predicate, "--type", "openvex", "--key", key, "--signing-config", v2Only, "--trusted-root", stack.TrustedRootPath], null, _env, null);

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Equal("signet attest: invalid input: signing config: an Ed25519 key signs a DSSE envelope with pure Ed25519, which a Rekor v2 entry (a digest) cannot carry, and it names no Rekor v1 log (rekorTlogUrls, majorApiVersion 1)", r.StdErr.Trim());
        Assert.False(File.Exists(artifact + ".intoto.sigstore.json"));
    }

    [Fact]
    public async Task An_ed25519_signature_over_a_file_beyond_what_verify_holds_in_memory_verifies_from_its_sha512()
    {
        // verify hashes a file over 64 MiB as a stream; for a bundle whose message digest is SHA2_512 it hashes SHA-512 too.
        await using var stack = await LocalSigstore.StartAsync();
        var (key, pub) = WriteKey("ed25519");
        var artifact = Path.Combine(_work, "big.img");
        using (var f = File.Create(artifact))
        {
            f.SetLength((64L << 20) + 4096);
            f.Seek(-5, SeekOrigin.End);
            f.Write("tail\n"u8);
        }

        var signed = SignetProcess.Run(["sign", artifact, "--key", key, "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath], null, _env, null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        var verified = SignetProcess.Run("verify", artifact, "--bundle", artifact + ".sigstore.json", "--key", pub, "--trusted-root", stack.TrustedRootPath);
        Assert.True(verified.ExitCode == 0, verified.StdErr);

        // The message digest is an unauthenticated hint a bundle may leave out: without it, SHA-512 is computed too.
        var bundle = JsonNode.Parse(File.ReadAllText(artifact + ".sigstore.json"))!;
        Assert.True(bundle["messageSignature"]!.AsObject().Remove("messageDigest"));
        var hintless = Path.Combine(_work, "big.hintless.sigstore.json");
        File.WriteAllText(hintless, bundle.ToJsonString());
        var withoutHint = SignetProcess.Run("verify", artifact, "--bundle", hintless, "--key", pub, "--trusted-root", stack.TrustedRootPath);
        Assert.True(withoutHint.ExitCode == 0, withoutHint.StdErr);
    }

    private (string Key, string Pub) WriteKey(string kind)
    {
        using var key = kind switch
        {
            "p384" => SigningKey.FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP384)),
            "p521" => SigningKey.FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP521)),
            _ => SigningKey.GenerateEd25519(),
        };
        var path = Path.Combine(_work, kind);
        File.WriteAllText(path + ".key", key.ExportEncryptedPkcs8Pem(Password));
        File.WriteAllText(path + ".pub", key.PublicKey.ToPem());
        return (path + ".key", path + ".pub");
    }

    // The server's signing config with its Rekor v1 log alone (it lists v1 and v2; signing picks v2).
    private string RekorV1Only(string signingConfig)
    {
        var config = JsonNode.Parse(File.ReadAllText(signingConfig))!.AsObject();
        var logs = config["rekorTlogUrls"]!.AsArray().Where(l => l!["majorApiVersion"]!.GetValue<int>() == 1).Select(l => l!.DeepClone()).ToArray();
        Assert.Single(logs);
        config["rekorTlogUrls"] = new JsonArray(logs);
        var path = Path.Combine(_work, "signing_config.v1.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }
}
