using System.Text.Json;
using Signet.Oci;

namespace Signet.Cli.Tests.Oci;

/// <summary>
/// <c>signet image verify</c>, as a process, on an image signed by real cosign (keyless, public-good Fulcio and Rekor;
/// see Signet.Client.Tests/TestData/cosign/README.md) that sits in the real registry in cosign's legacy layout.
/// </summary>
public sealed class CosignInteropCommandTests : IDisposable
{
    private const string Repository = "salrashid123/server_image";
    private readonly RegistryServer _registry = new();

    public void Dispose() => _registry.Dispose();

    private static string ProductionRoot => Path.Combine(AppContext.BaseDirectory, "TestData", "production_trusted_root.json");

    private async Task<string> PushAsync()
    {
        using var client = new RegistryClient(_registry.Registry);
        await CosignFixture.PushSignedImageAsync(_registry, client, Repository, "server");
        return $"{_registry.Registry}/{Repository}";
    }

    private static SignetProcess.Result Verify(string reference, string identity, string issuer, params string[] more) =>
        SignetProcess.Run(["image", "verify", reference, "--certificate-identity", identity, "--certificate-oidc-issuer", issuer,
            "--trusted-root", ProductionRoot, .. more]);

    [Fact]
    public async Task Image_signed_by_cosign_verifies_by_tag_and_by_digest_with_its_real_identity()
    {
        var image = await PushAsync();
        foreach (var reference in new[] { image + ":server", $"{image}@{CosignFixture.SignedDigest}" })
        {
            var r = Verify(reference, CosignFixture.Identity, CosignFixture.Issuer, "--json");
            Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}{r.StdOut}");
            using var doc = JsonDocument.Parse(r.StdOut);
            Assert.Equal(CosignFixture.SignedDigest.ToString(), doc.RootElement.GetProperty("digest").GetString());
            var verified = Assert.Single(doc.RootElement.GetProperty("verified").EnumerateArray());
            Assert.Equal("legacy", verified.GetProperty("layout").GetString());
            Assert.Equal(CosignFixture.Identity, verified.GetProperty("identity").GetString());
            Assert.Equal(CosignFixture.Issuer, verified.GetProperty("issuer").GetString());
            Assert.Equal(CosignFixture.LogIndex, Assert.Single(verified.GetProperty("logIndexes").EnumerateArray()).GetInt64());
        }
    }

    [Fact]
    public async Task Image_signed_by_cosign_fails_for_another_workflow_or_issuer_with_one_readable_line()
    {
        var image = await PushAsync() + ":server";
        foreach (var (identity, issuer) in new[]
                 {
                     (CosignFixture.Identity.Replace("refs/tags/v0.0.30", "refs/heads/main", StringComparison.Ordinal), CosignFixture.Issuer),
                     (CosignFixture.Identity, "https://accounts.google.com"),
                 })
        {
            var r = Verify(image, identity, issuer);
            Assert.Equal(1, r.ExitCode); // ExitCodes.VerificationFailed
            var line = Assert.Single(r.StdErr.Trim().Split('\n'), l => l.StartsWith("signet image verify", StringComparison.Ordinal));
            Assert.Contains("no signature verified", line, StringComparison.Ordinal);
            Assert.Contains("Policy:", line, StringComparison.Ordinal);
        }
    }
}
