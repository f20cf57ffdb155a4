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
        var statement = Statement(artifact);
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

    /// <summary>
    /// sigstore-js's library signing the way it does from a signing config (<c>bundleBuilderFromSigningConfig</c>): the
    /// config is the <c>signing_config.v0.2.json</c> target of Signet's TUF repository, read by <c>@sigstore/tuf</c>, and
    /// the CA, log and TSA are the ones it names. Left to choose, sigstore-js takes the log whose window starts last.
    /// </summary>
    [Theory]
    [InlineData("messageSignature", null, "hashedrekord 0.0.1")]
    [InlineData("dsseEnvelope", null, "dsse 0.0.1")]
    [InlineData("messageSignature", 1, "hashedrekord 0.0.1")]
    [InlineData("messageSignature", 2, "hashedrekord 0.0.2")]
    public async Task Sigstore_js_signs_with_the_services_of_signets_signing_config_from_its_TUF_repository(string bundleType, int? rekorMajor, string entry)
    {
        await using var stack = await LocalSigstore.StartAsync();
        var artifact = Write("a.txt", System.Security.Cryptography.RandomNumberGenerator.GetBytes(500));
        var signed = bundleType == "dsseEnvelope" ? Statement(artifact) : artifact;
        var output = Path.Combine(_work, "js.sigstore.json");

        var r = await SignWithSigningConfigAsync(stack, bundleType, signed, output, rekorMajor);
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
        Assert.EndsWith(" " + entry + "\n", r.StdOut, StringComparison.Ordinal);

        var ok = SignetProcess.Run("verify", "--bundle", output, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact);
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        Assert.Contains("(" + entry + ")", ok.StdOut, StringComparison.Ordinal);
        File.AppendAllText(artifact, "x");
        Assert.Equal(1, SignetProcess.Run("verify", "--bundle", output, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, artifact).ExitCode);
    }

    /// <summary>
    /// sigstore-js 5.1 still sends a DSSE envelope to a Rekor v2 log as <c>dsseRequestV002</c>, which the Rekor v2 spec
    /// dropped (architecture-docs #63: an envelope is logged as a hashedrekord over its PAE) and public Rekor v2 refuses;
    /// Signet's log refuses it too, with a 400 that says what to send instead, and nothing is logged.
    /// </summary>
    [Fact]
    public async Task A_dsse_v002_request_from_sigstore_js_to_the_rekor_v2_log_is_refused_as_public_rekor_v2_refuses_it()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var artifact = Write("a.txt", "attested\n"u8.ToArray());
        var r = await SignWithSigningConfigAsync(stack, "dsseEnvelope", Statement(artifact), Path.Combine(_work, "js.sigstore.json"), 2);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("TLOG_CREATE_ENTRY_ERROR", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("(400)", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "js.sigstore.json")));
    }

    /// <summary>
    /// An image attestation as GitHub's actions/attest stores one with push-to-registry: sigstore-js signs the statement
    /// and <c>@sigstore/oci</c> attaches the bundle as an OCI artifact whose subject is the image, in a registry without
    /// the referrers API (Distribution 2.8: the referrers tag schema). Signet finds and verifies it, and the referrers
    /// index both write keeps the other's entries.
    /// </summary>
    [Fact]
    public async Task An_image_attestation_attached_by_sigstore_js_oci_verifies_in_signet_and_both_share_the_referrers_index()
    {
        await using var stack = await LocalSigstore.StartAsync();
        using var registry = new RegistryServer(basicAuth: true);
        Signet.Oci.ManifestContent image;
        using (var client = new Signet.Oci.RegistryClient(registry.Registry, new Signet.Oci.RegistryClientOptions
        {
            Credentials = new Signet.Oci.StaticCredentialSource(new Signet.Oci.RegistryCredential(RegistryServer.User, RegistryServer.Password)),
        }))
        {
            image = await TestImages.PushImageAsync(client, "interop/app", "v1", "attested by sigstore-js");
        }

        var name = $"{registry.Registry}/interop/app";
        var statement = Write("image-statement.json", System.Text.Encoding.UTF8.GetBytes(
            "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + name + "\",\"digest\":{\"sha256\":\""
            + image.Digest.Hex + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}"));
        string[] credentials = ["--registry-username", RegistryServer.User, "--registry-password", RegistryServer.Password];
        string[] identity = ["--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath];

        var first = await AttachAsync(stack, statement, name, image.Digest.ToString());
        var verified = SignetProcess.Run(["image", "verify-attestation", $"{name}:v1", "--type", "slsaprovenance1", "--certificate-identity", Email, .. identity, .. credentials]);
        Assert.True(verified.ExitCode == 0, verified.StdErr);
        Assert.Contains($"[bundle] artifact {first}: signed by {Email}", verified.StdOut, StringComparison.Ordinal);
        var wrong = SignetProcess.Run(["image", "verify-attestation", $"{name}:v1", "--type", "slsaprovenance1", "--certificate-identity", "intruder@signet.dev", .. identity, .. credentials]);
        Assert.Equal(1, wrong.ExitCode);

        var attested = SignetProcess.Run(["image", "attest", $"{name}@{image.Digest}", "--type", "slsaprovenance1", "--predicate", Write("p.json", "{}"u8.ToArray()),
            "--identity-token", await stack.TokenAsync(Email), "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath, .. credentials]);
        Assert.True(attested.ExitCode == 0, attested.StdErr);
        var third = await AttachAsync(stack, statement, name, image.Digest.ToString());

        var tree = SignetProcess.Run(["image", "tree", $"{name}:v1", .. credentials]);
        Assert.True(tree.ExitCode == 0, tree.StdErr);
        Assert.Contains("referrers: 3", tree.StdOut, StringComparison.Ordinal);
        Assert.Contains(first, tree.StdOut, StringComparison.Ordinal);
        Assert.Contains(third, tree.StdOut, StringComparison.Ordinal);
        var all = SignetProcess.Run(["image", "verify-attestation", $"{name}:v1", "--type", "slsaprovenance1", "--certificate-identity", Email, .. identity, .. credentials]);
        Assert.True(all.ExitCode == 0, all.StdErr);
        Assert.Equal(3, all.StdOut.Split('\n').Count(l => l.StartsWith("verified ", StringComparison.Ordinal)));
    }

    /// <summary>sigstore-js signs <paramref name="statement"/> and <c>@sigstore/oci</c> attaches the bundle to the image; the artifact's digest.</summary>
    private async Task<string> AttachAsync(LocalSigstore stack, string statement, string name, string digest)
    {
        var bundle = Path.Combine(_work, "image.sigstore.json");
        var signed = await SignWithSigningConfigAsync(stack, "dsseEnvelope", statement, bundle, null);
        Assert.True(signed.ExitCode == 0, signed.StdOut + signed.StdErr);
        var r = NpmPeers.Run("node", [Path.Combine(NpmPeers.Folder, "attach-to-image.js"), name, digest, bundle, RegistryServer.User, RegistryServer.Password],
            NpmPeers.Folder, null, TimeSpan.FromMinutes(1));
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
        return r.StdOut.Trim();
    }

    private async Task<NpmPeers.Result> SignWithSigningConfigAsync(LocalSigstore stack, string bundleType, string artifact, string output, int? rekorMajor)
    {
        var (mirror, root) = await stack.TufMirrorAsync(_work);
        var cache = Directory.CreateTempSubdirectory("signet-tuf-cache-").FullName;
        string[] major = rekorMajor is { } m ? [m.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        return NpmPeers.Run("node",
            [Path.Combine(NpmPeers.Folder, "sign-with-signing-config.js"), mirror.ToString(), root, cache, bundleType, artifact, output, .. major],
            // DEBUG=tuf:fetch: tuf-js names each URL it fetches on stderr, so a failed download says which (seen once under
            // CI's load as a bare "Failed to download", not reproduced since).
            NpmPeers.Folder, new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = await stack.TokenAsync(Email), ["DEBUG"] = "tuf:fetch" }, TimeSpan.FromMinutes(2));
    }

    /// <summary>An in-toto statement about <paramref name="artifact"/>, written next to it.</summary>
    private string Statement(string artifact)
    {
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)));
        return Write("statement.json", System.Text.Encoding.UTF8.GetBytes(
            "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a.txt\",\"digest\":{\"sha256\":\"" + digest
            + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}"));
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
