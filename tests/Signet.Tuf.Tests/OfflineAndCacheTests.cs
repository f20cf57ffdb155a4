using System.Net;
using System.Net.Sockets;
using System.Text;
using Signet.Client.Services;
using Signet.Tuf.Bootstrap;
using Signet.Tuf.Client;
using Signet.Tuf.Metadata;

namespace Signet.Tuf.Tests;

public sealed class OfflineAndCacheTests : IDisposable
{
    private readonly TestRepository _t = new();

    public void Dispose() => _t.Dispose();

    private async Task<TrustRootStore> UpdatedStoreAsync()
    {
        var store = new TrustRootStore(_t.Cache.Directory);
        store.Initialize(new Uri("http://mirror.invalid/"), _t.ReadPublished("1.root.json"), _t.Time.GetUtcNow());
        await store.UpdateAsync(_t.Remote, _t.Time);
        return store;
    }

    [Fact]
    public async Task Cached_trusted_root_is_read_offline_and_checked_again()
    {
        var store = await UpdatedStoreAsync();
        var requests = _t.Remote.Requests.Count;
        var json = store.LoadCachedTrustedRootJson(_t.Time.GetUtcNow());
        Assert.Contains("trustedroot", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(requests, _t.Remote.Requests.Count);
        Assert.Contains("root: version 1", store.Describe(_t.Time.GetUtcNow()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_cached_target_is_refused_offline()
    {
        var store = await UpdatedStoreAsync();
        store.Cache.WriteTarget("trusted_root.json", "{\"evil\":1}"u8);
        var e = Assert.Throws<TufException>(() => store.LoadCachedTrustedRootJson(_t.Time.GetUtcNow()));
        Assert.Equal(TufErrorCode.NotFound, e.Code);
        Assert.Contains("run signet trust update", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_cached_metadata_is_refused_offline()
    {
        var store = await UpdatedStoreAsync();
        var targets = store.Cache.ReadMetadata("targets")!;
        store.Cache.WriteMetadata("targets", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(targets).Replace("\"version\": 1", "\"version\": 1 ", StringComparison.Ordinal) + " "));
        var e = Assert.Throws<TufException>(() => store.LoadCachedTrustedRootJson(_t.Time.GetUtcNow()));
        Assert.Equal(TufErrorCode.LengthOrHashMismatch, e.Code);
    }

    [Fact]
    public async Task Expired_cache_is_refused_offline_with_advice()
    {
        var store = await UpdatedStoreAsync();
        var e = Assert.Throws<TufException>(() => store.LoadCachedTrustedRootJson(_t.Time.GetUtcNow().AddDays(2)));
        Assert.Equal(TufErrorCode.Expired, e.Code);
        Assert.Contains("run signet trust update", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialising_with_a_root_that_is_not_self_signed_is_refused()
    {
        var store = new TrustRootStore(Path.Combine(_t.Folder, "other"));
        var forged = Craft.Edit(_t.ReadPublished("1.root.json"), s => s["version"] = 1);
        var e = Assert.Throws<TufException>(() => store.Initialize(new Uri("http://x.invalid/"), forged, _t.Time.GetUtcNow()));
        Assert.Equal(TufErrorCode.BelowThreshold, e.Code);
        Assert.False(store.IsInitialized);
    }

    [Fact]
    public void Embedded_public_good_bootstrap_root_verifies()
    {
        var store = new TrustRootStore(Path.Combine(_t.Folder, "public-good"));
        store.Initialize(SigstorePublicGood.Mirror, SigstorePublicGood.TufRoot(), new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(store.IsInitialized);
        Assert.Equal("https://tuf-repo-cdn.sigstore.dev/", store.Mirror.AbsoluteUri);
        Assert.Equal(16, RootMetadata.Parse(store.Cache.ReadMetadata("root")!).Version);
    }

    [Fact]
    public void Cache_writes_replace_files_whole_and_leave_no_temporary_files()
    {
        var cache = new FileSystemTufCache(Path.Combine(_t.Folder, "atomic"));
        cache.WriteMetadata("timestamp", new byte[10_000]);
        cache.WriteMetadata("timestamp", "short"u8);
        Assert.Equal("short"u8.ToArray(), cache.ReadMetadata("timestamp"));
        Assert.Single(Directory.GetFiles(cache.MetadataDirectory));
        cache.WriteTarget("dir/with/slashes.json", "x"u8);
        Assert.Equal("x"u8.ToArray(), cache.ReadTarget("dir/with/slashes.json"));
        Assert.Single(Directory.GetFiles(cache.TargetsDirectory));
    }

    [Fact]
    public async Task Http_remote_stops_reading_an_endless_response_at_the_cap()
    {
        // A loopback server that streams forever without a Content-Length.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(cts.Token);
            var stream = client.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer, cts.Token);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), cts.Token);
            var chunk = Encoding.ASCII.GetBytes("1000\r\n" + new string('a', 4096) + "\r\n");
            try
            {
                for (var i = 0; i < 100_000 && !cts.IsCancellationRequested; i++)
                {
                    await stream.WriteAsync(chunk, cts.Token);
                }
            }
            catch (IOException)
            {
                // the client hung up: what this test wants
            }
        });

        using var http = new HttpClient();
        var remote = new HttpTufRemote(http, new Uri($"http://127.0.0.1:{port}/"));
        var e = await Assert.ThrowsAsync<TufException>(() => remote.FetchMetadataAsync("timestamp.json", 16_384, cts.Token));
        Assert.Equal(TufErrorCode.TooLarge, e.Code);
        await cts.CancelAsync();
        await Task.WhenAny(server, Task.Delay(5000));
    }
}
