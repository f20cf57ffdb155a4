using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Signet.Client.Services;
using Signet.Tuf.Client;
using Signet.Tuf.Metadata;

namespace Signet.Server.Tests.Tuf;

public sealed class TufServingTests
{
    private static readonly byte[] TrustedRoot = File.ReadAllBytes("Tuf/TestData/production_trusted_root.json");

    private static Task<TestServer> StartAsync(byte[] trustedRoot, TimeProvider? time = null) =>
        TestServer.StartAsync(o =>
        {
            AuthoredRepository.Create(o.DataDirectory, trustedRoot, time);
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
    public async Task Server_re_signs_the_timestamp_before_it_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(TrustedRoot, time);
        Assert.Equal(1, await TimestampVersionAsync(server));
        time.Advance(TimeSpan.FromHours(11));
        await Task.Delay(300);
        Assert.Equal(1, await TimestampVersionAsync(server));

        // Timestamp valid one day: past half of it, the server's timer re-signs it with the online key.
        time.Advance(TimeSpan.FromHours(2));
        Assert.True(await EventuallyAsync(async () => await TimestampVersionAsync(server) == 2), "timestamp was not re-signed");
        // The authored targets are never touched by the server.
        Assert.Equal(1, TargetsMetadata.Parse(await server.Http.GetByteArrayAsync(new Uri("/tuf/targets.json", UriKind.Relative))).Version);
    }

    [Fact]
    public async Task Without_a_repository_serve_publishes_its_own_trusted_root_and_signing_config_and_follows_changes()
    {
        await using var server = await TestServer.StartAsync();
        var trustedRootPath = Path.Combine(server.DataDirectory, "trusted_root.json");
        using var http = new HttpClient();
        var folder = Directory.CreateTempSubdirectory("signet-trust-").FullName;
        try
        {
            var store = new TrustRootStore(folder);
            Assert.True(await EventuallyAsync(async () =>
                (await server.Http.GetAsync(new Uri("/tuf/1.root.json", UriKind.Relative))).IsSuccessStatusCode), "no repository");
            store.Initialize(new Uri(server.BaseUrl, "tuf/"), await server.Http.GetByteArrayAsync(new Uri("/tuf/1.root.json", UriKind.Relative)), DateTimeOffset.UtcNow);
            var remote = new HttpTufRemote(http, new Uri(server.BaseUrl, "tuf/"));
            Assert.True(await EventuallyAsync(async () =>
            {
                await store.UpdateAsync(remote);
                var onDisk = await File.ReadAllBytesAsync(trustedRootPath);
                return store.LoadCachedTrustedRootJson(DateTimeOffset.UtcNow).SequenceEqual(onDisk);
            }), "the served trusted_root.json is not the server's");
            Assert.Contains("signingconfig", System.Text.Encoding.UTF8.GetString(
                store.LoadCachedTarget(TrustRootStore.SigningConfigTarget, DateTimeOffset.UtcNow)), StringComparison.Ordinal);

            await File.WriteAllBytesAsync(trustedRootPath, TrustedRoot);
            Assert.True(await EventuallyAsync(async () =>
            {
                await store.UpdateAsync(remote);
                return store.LoadCachedTrustedRootJson(DateTimeOffset.UtcNow).SequenceEqual(TrustedRoot);
            }), "a changed trusted_root.json was not republished");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Whether <paramref name="condition"/> holds within ten seconds; a <see cref="TufException"/> (metadata
    /// the server has not re-signed or published yet) counts as not yet.</summary>
    internal static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (TufException)
            {
                // the first publish is still being written (root, then targets, snapshot, timestamp)
            }

            await Task.Delay(100);
        }

        return false;
    }
}
