using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Interop;

/// <summary>
/// Two-way interoperability with sigstore-js 0.10.3 (a real peer, run as a process): it signs against Signet's
/// services and Signet verifies; Signet signs and it verifies, taking Signet's trusted root from the TUF repository that
/// <c>signet serve</c> publishes (Signet's own repository, not a mock).
/// </summary>
[Collection("interop")]
public sealed class SigstoreJsInteropTests : IDisposable
{
    private const string Email = "release-team@signet.dev";
    private readonly string _work = Directory.CreateTempSubdirectory("signet-interop-").FullName;

    [Fact]
    public async Task Sigstore_js_attests_against_Signet_and_Signet_verifies_the_identity()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var token = await stack.TokenAsync(Email);
        var artifact = Write("a.txt", "artifact for sigstore-js\n"u8.ToArray());
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)));
        var statement = Write("statement.json", System.Text.Encoding.UTF8.GetBytes(
            "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a.txt\",\"digest\":{\"sha256\":\"" + digest
            + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}"));
        var output = Path.Combine(_work, "js.sigstore.json");

        var r = NpmPeers.Sigstore(
            ["attest", statement, "--fulcio-url", stack.Url, "--rekor-url", stack.Url, "--tsa-server-url", stack.Url, "-o", output],
            _work, new Dictionary<string, string> { ["CI"] = "true", ["SIGSTORE_ID_TOKEN"] = token });
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);

        var bundle = Bundle.Parse(File.ReadAllBytes(output));
        var verifier = new Verifier(TrustedMaterial.FromTrustedRoot(TrustedRoot.Parse(File.ReadAllBytes(stack.TrustedRootPath))));
        var artifactRef = Artifact.FromBytes(File.ReadAllBytes(artifact));
        var result = verifier.Verify(bundle, artifactRef, VerificationPolicy.ForIdentity(Email, stack.Issuer));
        Assert.Equal(Email, result.Certificate!.SubjectAlternativeName);
        Assert.NotEmpty(result.LogEntries);

        var wrong = Assert.Throws<VerificationException>(
            () => verifier.Verify(bundle, artifactRef, VerificationPolicy.ForIdentity("someone-else@signet.dev", stack.Issuer)));
        Assert.Equal(VerificationErrorCode.IdentityMismatch, wrong.Code);

        // The same bundle through Signet's CLI: right identity exit 0, wrong identity exit 1.
        Assert.Equal(0, SignetProcess.Run("verify", "--bundle", output, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
        Assert.Equal(1, SignetProcess.Run("verify", "--bundle", output, "--certificate-identity", "x@y.z", "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public async Task Signet_bundles_verify_in_sigstore_js_through_signets_own_TUF_repository(int rekorVersion, bool attestation)
    {
        await using var stack = await LocalSigstore.StartAsync();
        var token = await stack.TokenAsync(Email);
        var config = OnlyRekor(stack.SigningConfigPath, rekorVersion);
        var artifact = Write("blob.bin", System.Security.Cryptography.RandomNumberGenerator.GetBytes(1000));
        var bundle = Path.Combine(_work, "signet.sigstore.json");
        var args = attestation
            ? new[] { "attest", artifact, "--type", "slsaprovenance1", "--predicate", Write("predicate.json", "{\"buildDefinition\":{}}"u8.ToArray()) }
            : new[] { "sign", artifact };
        var signed = SignetProcess.Run([.. args, "--bundle", bundle, "--identity-token", token, "--signing-config", config, "--trusted-root", stack.TrustedRootPath],
            workingDirectory: null, environment: null, stdin: null);
        Assert.True(signed.ExitCode == 0, signed.StdErr);

        // sigstore-js takes its trust root only over TUF: here from the repository signet serve publishes under /tuf/.
        var (mirror, root) = await stack.TufMirrorAsync(_work);
        var ok = Verify(bundle, artifact, Email, stack.Issuer, mirror, root, attestation);
        Assert.True(ok.ExitCode == 0, ok.StdOut + ok.StdErr);
        var wrong = Verify(bundle, artifact, "intruder@signet.dev", stack.Issuer, mirror, root, attestation);
        Assert.NotEqual(0, wrong.ExitCode);
    }

    private NpmPeers.Result Verify(string bundle, string artifact, string email, string issuer, Uri mirror, string root, bool attestation)
    {
        var cache = Directory.CreateTempSubdirectory("signet-tuf-cache-").FullName;
        string[] blob = attestation ? [] : ["--blob-file", artifact];
        return NpmPeers.Sigstore(
            ["verify", bundle, .. blob, "--certificate-identity-email", email, "--certificate-issuer", issuer,
             "--tuf-mirror-url", mirror.ToString(), "--tuf-root-path", root, "--tuf-cache-path", cache],
            _work);
    }

    /// <summary>A copy of the served signing config listing only the Rekor API version asked for.</summary>
    private string OnlyRekor(string signingConfig, int version)
    {
        var config = SigningConfig.Parse(File.ReadAllBytes(signingConfig));
        var only = config with { RekorTlogUrls = config.RekorTlogUrls.Where(s => s.MajorApiVersion == version).ToList() };
        return Write($"signing_config.rekor-v{version}.json", only.ToJson());
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
