using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Signet.Tuf.Client;
using Signet.Tuf.Metadata;

namespace Signet.Server.Tests.Tuf;

public sealed class TufServingTests
{
    private static readonly byte[] TrustedRoot = File.ReadAllBytes("Tuf/TestData/production_trusted_root.json");

    private static Task<TestServer> StartAsync(byte[] trustedRoot, TimeProvider? time = null) =>
        TestServer.StartAsync(o =>
        {
            File.WriteAllBytes(Path.Combine(o.DataDirectory, "trusted_root.json"), trustedRoot);
            File.WriteAllText(Path.Combine(o.DataDirectory, "signing_config.v0.2.json"), "{\"mediaType\":\"application/vnd.dev.sigstore.signingconfig.v0.2+json\"}");
            return o;
        }, b =>
        {
            if (time is not null)
            {
                b.Services.AddSingleton(time);
            }
        });

    private static async Task<long> TimestampVersionAsync(TestServer s) =>
        TimestampMetadata.Parse(await s.Http.GetByteArrayAsync(new Uri("/tuf/timestamp.json", UriKind.Relative))).Version;

    [Fact]
    public async Task Serve_publishes_the_trusted_root_and_a_TUF_client_trusts_it()
    {
        await using var server = await StartAsync(TrustedRoot);
        using var http = new HttpClient();
        var remote = new HttpTufRemote(http, new Uri(server.BaseUrl, "tuf/"));
        var root = await server.Http.GetByteArrayAsync(new Uri("/tuf/1.root.json", UriKind.Relative));
        var folder = Directory.CreateTempSubdirectory("signet-trust-").FullName;
        try
        {
            var store = new TrustRootStore(folder);
            store.Initialize(new Uri(server.BaseUrl, "tuf/"), root, DateTimeOffset.UtcNow);
            await store.UpdateAsync(remote);
            Assert.Equal(TrustedRoot, store.LoadCachedTrustedRootJson(DateTimeOffset.UtcNow));
            Assert.Contains("signingconfig", System.Text.Encoding.UTF8.GetString(
                store.LoadCachedTarget(TrustRootStore.SigningConfigTarget, DateTimeOffset.UtcNow)), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Versioned_files_are_immutable_and_the_timestamp_is_revalidated()
    {
        await using var server = await StartAsync(TrustedRoot);
        using var ts = await server.Http.GetAsync(new Uri("/tuf/timestamp.json", UriKind.Relative));
        Assert.Equal("no-cache", ts.Headers.CacheControl!.ToString());
        Assert.Equal("application/json", ts.Content.Headers.ContentType!.MediaType);
        using var root = await server.Http.GetAsync(new Uri("/tuf/1.root.json", UriKind.Relative));
        Assert.Equal("public, max-age=31536000, immutable", root.Headers.CacheControl!.ToString());
    }

    [Theory]
    [InlineData("/tuf/2.root.json")]
    [InlineData("/tuf/%2e%2e/repository.json")]
    [InlineData("/tuf/..%2f..%2fkeys/tuf-root.pem")]
    [InlineData("/tuf/.timestamp.json.tmp")]
    public async Task Missing_or_escaping_paths_are_404_problems(string path)
    {
        await using var server = await StartAsync(TrustedRoot);
        using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Server_re_signs_the_timestamp_before_it_expires_and_republishes_a_changed_trusted_root()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(TrustedRoot, time);
        Assert.Equal(1, await TimestampVersionAsync(server));

        // Timestamp valid one day: past half of it, the server's timer re-signs it with the online key.
        time.Advance(TimeSpan.FromHours(13));
        Assert.True(await EventuallyAsync(async () => await TimestampVersionAsync(server) == 2), "timestamp was not re-signed");

        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "trusted_root.json"), "{\"changed\":true}");
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await EventuallyAsync(async () =>
            TargetsMetadata.Parse(await server.Http.GetByteArrayAsync(new Uri("/tuf/targets.json", UriKind.Relative))).Version == 2),
            "changed trusted_root.json was not republished");
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
