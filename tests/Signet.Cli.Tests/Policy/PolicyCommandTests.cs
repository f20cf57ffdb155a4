using Signet.Oci;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Policy;

/// <summary>
/// <c>signet policy test</c>, <c>image verify-attestation --policy</c> and <c>image verify-provenance</c> as processes,
/// against images signed and attested by Signet (keyless, local Sigstore) in the real docker-registry.
/// </summary>
[Collection("interop")]
public sealed class PolicyCommandTests(PolicyCommandTests.Services services) : IClassFixture<PolicyCommandTests.Services>
{
    private const string Alice = "alice@signet.dev";
    private const string Bob = "bob@signet.dev";
    private readonly RegistryServer _registry = services.Registry;
    private readonly string _dir = services.Directory;
    private LocalSigstore _stack => services.Sigstore;

    /// <summary>One registry, one local Sigstore and one scratch folder for the class's tests.</summary>
    public sealed class Services : IAsyncLifetime
    {
        public RegistryServer Registry { get; } = new();

        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("signet-policy-").FullName;

        public LocalSigstore Sigstore { get; private set; } = null!;

        public async Task InitializeAsync() => Sigstore = await LocalSigstore.StartAsync();

        public async Task DisposeAsync()
        {
            await Sigstore.DisposeAsync();
            Registry.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private string Ref(string repoAndTag) => $"{_registry.Registry}/{repoAndTag}";

    private static void Ok(SignetProcess.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}{r.StdOut}");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<string> SignedAndAttestedImageAsync(string repo)
    {
        using (var client = new RegistryClient(_registry.Registry))
        {
            await TestImages.PushImageAsync(client, repo, "v1", repo + " content");
        }

        var tag = Ref(repo + ":v1");
        var token = await _stack.TokenAsync(Alice);
        Ok(SignetProcess.Run("image", "sign", tag, "--identity-token", token, "--signing-config", _stack.SigningConfigPath));
        var predicate = Write(repo.Replace('/', '-') + ".json", """{"buildDefinition":{"buildType":"https://example.com/build"},"runDetails":{"builder":{"id":"https://builder.example/v1"}}}""");
        Ok(SignetProcess.Run("image", "attest", tag, "--predicate", predicate, "--type", "slsaprovenance1", "--identity-token", token, "--signing-config", _stack.SigningConfigPath));
        return tag;
    }

    private string Policy(string subject, string? attestations = null, string mode = "enforce") => Write($"policy-{Guid.NewGuid():N}.yaml", $"""
        apiVersion: policy.sigstore.dev/v1beta1
        kind: ClusterImagePolicy
        metadata:
          name: signed-by-alice
        spec:
          mode: {mode}
          images:
          - glob: "{_registry.Registry}/policy/**"
          authorities:
          - name: alice
            keyless:
              identities:
              - issuer: {_stack.Issuer}
                subject: {subject}
        {attestations ?? ""}
        """);

    private SignetProcess.Result Test(string policy, string image) =>
        SignetProcess.Run("policy", "test", "--policy", policy, "--image", image, "--trusted-root", _stack.TrustedRootPath);

    [Fact]
    public async Task Policy_test_admits_the_right_signer_refuses_others_and_names_the_failed_rule()
    {
        var image = await SignedAndAttestedImageAsync("policy/app");
        var admitted = Test(Policy(Alice), image);
        Ok(admitted);
        Assert.Contains("authority alice (keyless): PASS: signature verified: alice@signet.dev", admitted.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("ADMITTED", admitted.StdOut.Trim(), StringComparison.Ordinal);

        var bob = Test(Policy(Bob), image);
        Assert.Equal(1, bob.ExitCode);
        Assert.Contains("authority alice (keyless): FAIL: no valid signatures found", bob.StdOut, StringComparison.Ordinal);
        Assert.Contains("NOT ADMITTED", bob.StdOut, StringComparison.Ordinal);

        const string rule = """
                attestations:
                - name: provenance
                  predicateType: slsaprovenance1
                  policy:
                    type: cel
                    data: predicate.runDetails.builder.id == "RULE"
            """;
        Ok(Test(Policy(Alice, rule.Replace("RULE", "https://builder.example/v1", StringComparison.Ordinal)), image));
        var failed = Test(Policy(Alice, rule.Replace("RULE", "https://other.example", StringComparison.Ordinal)), image);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("attestation provenance: rule 'provenance' failed", failed.StdOut, StringComparison.Ordinal);

        var warn = Test(Policy(Bob, mode: "warn"), image);
        Ok(warn);
        Assert.Contains("Warning: failed policy: signed-by-alice", warn.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_image_an_uncovered_image_and_an_invalid_policy_are_refused()
    {
        using (var client = new RegistryClient(_registry.Registry))
        {
            await TestImages.PushImageAsync(client, "policy/unsigned", "v1", "nobody signed this");
            await TestImages.PushImageAsync(client, "elsewhere/app", "v1", "not covered");
        }

        var unsigned = Test(Policy(Alice), Ref("policy/unsigned:v1"));
        Assert.Equal(1, unsigned.ExitCode);
        Assert.Contains("no valid signatures found", unsigned.StdOut, StringComparison.Ordinal);

        var uncovered = Test(Policy(Alice), Ref("elsewhere/app:v1"));
        Assert.Equal(1, uncovered.ExitCode);
        Assert.Contains("no glob of spec.images matches", uncovered.StdOut, StringComparison.Ordinal);

        var cue = Policy(Alice, """
                attestations:
                - name: custom
                  predicateType: custom
                  policy:
                    type: cue
                    data: 'predicate: Data: "x"'
            """);
        var invalid = Test(cue, Ref("policy/unsigned:v1"));
        Assert.Equal(3, invalid.ExitCode);
        var line = Assert.Single(invalid.StdErr.Trim().Split('\n'));
        Assert.Contains("spec.authorities[0].attestations[0].policy.type: cue policies are not supported", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_verify_attestation_with_rules_and_image_verify_provenance_refuse_what_does_not_hold()
    {
        var image = await SignedAndAttestedImageAsync("policy/rules");
        string Verify(string rules) => Write($"rules-{Guid.NewGuid():N}.yaml", rules);
        var args = new[] { "image", "verify-attestation", image, "--type", "slsaprovenance1", "--certificate-identity", Alice,
            "--certificate-oidc-issuer", _stack.Issuer, "--trusted-root", _stack.TrustedRootPath, "--policy" };
        Ok(SignetProcess.Run([.. args, Verify("rules:\n- name: builder\n  cel: predicate.runDetails.builder.id.startsWith('https://builder.example/')\n")]));
        var refused = SignetProcess.Run([.. args, Verify("rules:\n- name: pinned-builder\n  cel: predicate.runDetails.builder.id == 'https://x'\n")]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("rule 'pinned-builder' failed", refused.StdOut + refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(3, SignetProcess.Run([.. args, Verify("rules:\n- name: broken\n  cel: 'predicate.('\n")]).ExitCode);
        Assert.Equal(3, SignetProcess.Run([.. args, Verify("rules:\n- name: x\n  expression: 'true'\n")]).ExitCode);

        // Alice's e-mail identity is no GitHub workflow: her provenance never makes a trusted builder.
        var provenance = SignetProcess.Run("image", "verify-provenance", image, "--source-uri", "github.com/o/r", "--trusted-root", _stack.TrustedRootPath);
        Assert.Equal(1, provenance.ExitCode);
        Assert.Contains("no SLSA provenance attestation", provenance.StdErr, StringComparison.Ordinal);
        Assert.Contains("certificate identity 'alice@signet.dev' does not match", provenance.StdErr, StringComparison.Ordinal);
    }
}
