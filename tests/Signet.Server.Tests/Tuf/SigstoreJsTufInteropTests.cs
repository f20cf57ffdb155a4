
namespace Signet.Server.Tests.Tuf;

/// <summary>
/// sigstore-js (<c>@sigstore/cli</c>, npm) takes its trust root only over TUF: pointed at <c>signet serve</c>'s
/// repository, it must accept Signet's TUF metadata and then verify a bundle against the trusted root Signet serves.
/// </summary>
public sealed class SigstoreJsTufInteropTests
{
    private const string Identity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private const string Issuer = "https://token.actions.githubusercontent.com";

    private static async Task<(int ExitCode, string Output)> VerifyThroughSignetAsync(string trustedRootFile)
    {
        await using var server = await TestServer.StartAsync(o =>
        {
            AuthoredRepository.Create(o.DataDirectory, File.ReadAllBytes(trustedRootFile));
            return o;
        });
        var work = Directory.CreateTempSubdirectory("signet-sigstore-js-").FullName;
        try
        {
            var rootPath = Path.Combine(work, "root.json");
            await File.WriteAllBytesAsync(rootPath, await server.Http.GetByteArrayAsync(new Uri("/tuf/1.root.json", UriKind.Relative)));
            var cache = Directory.CreateDirectory(Path.Combine(work, "cache")).FullName;
            return await Task.Run(() => NodePeer.Run("sigstore",
            [
                "verify", Path.GetFullPath("Tuf/TestData/happy-path-v0.3.sigstore.json"),
                "--blob-file", Path.GetFullPath("Tuf/TestData/a.txt"),
                "--certificate-identity-uri", Identity, "--certificate-issuer", Issuer,
                "--tuf-mirror-url", new Uri(server.BaseUrl, "tuf").AbsoluteUri,
                "--tuf-root-path", rootPath, "--tuf-cache-path", cache,
            ], TimeSpan.FromMinutes(2)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Sigstore_js_verifies_a_bundle_with_the_trusted_root_from_signets_TUF_repository()
    {
        var (exit, output) = await VerifyThroughSignetAsync("Tuf/TestData/production_trusted_root.json");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Sigstore_js_refuses_the_bundle_when_signet_serves_a_trusted_root_that_does_not_cover_it()
    {
        // Negative control: proves sigstore-js really used the trusted root it fetched through Signet's TUF.
        var (exit, output) = await VerifyThroughSignetAsync("Tuf/TestData/other_trusted_root.json");
        Assert.True(exit != 0, output);
    }
}
