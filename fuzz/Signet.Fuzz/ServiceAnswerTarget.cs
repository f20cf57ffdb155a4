using Signet.Analysis.Registry;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Core.Keys;
using Signet.Oci;
using Signet.Packages.NuGet;

namespace Signet.Fuzz;

/// <summary>
/// What the client reads from the services and registries it talks to, each answer served in process (no socket)
/// through the real bounded HTTP read: a CA's <c>signingCert</c> answer (<see cref="FulcioClient"/>), a Rekor v1
/// entry and index search (<see cref="RekorV1Client"/>), an OIDC discovery document, the development issuer's token
/// answer, a NuGet feed's service index (<see cref="NuGetPackageLocator"/>), and an npm registry's packument and
/// version document (<see cref="PackageRegistry"/>, <c>signet analyze</c>), and an OCI registry's manifest and tag list
/// (<see cref="RegistryClient"/>).
/// </summary>
internal static class ServiceAnswerTarget
{
    private static readonly ServedAnswer Served = new();

    private static readonly Lazy<Clients> Shared = new(() =>
    {
        // PackageRegistry reads the npm registry from the environment, as npm does.
        Environment.SetEnvironmentVariable("npm_config_registry", "http://registry.invalid/");
        var http = new HttpClient(Served);
        var key = SigningKey.GenerateEcdsaP256();
        return new Clients(
            http,
            new FulcioClient(http, new Uri("http://ca.invalid/")),
            new RekorV1Client(http, new Uri("http://log.invalid/")),
            key.PublicKey,
            new PackageRegistry(http, Directory.CreateTempSubdirectory("signet-fuzz-registry-").FullName),
            new RegistryClient("registry.invalid", new RegistryClientOptions { Handler = Served, MaxAttempts = 1 }));
    });

    public static void Run(byte[] data)
    {
        Served.Body = data;
        var c = Shared.Value;
        var none = CancellationToken.None;
        FuzzTargets.Each(data,
            _ => c.Ca.CreateSigningCertificateAsync("token", c.Key, [1], none).GetAwaiter().GetResult(),
            _ => c.Log.GetEntryByIndexAsync(0, none).GetAwaiter().GetResult(),
            _ => c.Log.SearchByHashAsync("sha256", new byte[32], none).GetAwaiter().GetResult(),
            _ => OidcProviderMetadata.FetchAsync(c.Http, "https://issuer.invalid", none).GetAwaiter().GetResult(),
            _ => DevelopmentTokens.ForEmailAsync(c.Http, new Uri("http://issuer.invalid/"), "a@example.com", cancellationToken: none).GetAwaiter().GetResult(),
            _ => new NuGetPackageLocator(c.Http).VersionsAsync("https://feed.invalid/v3/index.json", "Some.Package", none).GetAwaiter().GetResult(),
            _ => c.Registry.PreviousAsync(PackageSpec.Parse("npm:some-package@1.0.0"), none).GetAwaiter().GetResult(),
            _ => c.Registry.DownloadAsync(PackageSpec.Parse("npm:some-package@1.0.0"), none).GetAwaiter().GetResult(),
            _ => c.Oci.GetManifestAsync("app", "latest", none).GetAwaiter().GetResult(),
            _ => c.Oci.ListTagsAsync("app", cancellationToken: none).GetAwaiter().GetResult());
    }

    private sealed record Clients(HttpClient Http, FulcioClient Ca, RekorV1Client Log, VerificationKey Key, PackageRegistry Registry, RegistryClient Oci);
}
