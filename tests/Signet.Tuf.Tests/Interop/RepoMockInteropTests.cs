using System.Text;
using System.Text.Json;
using Signet.Client.Services;
using Signet.Tuf.Client;

namespace Signet.Tuf.Tests.Interop;

/// <summary>Signet's TUF client reads a repository built by sigstore-js's <c>@tufjs/repo-mock</c> (npm).</summary>
public sealed class RepoMockInteropTests
{
    [Fact]
    public async Task Signet_client_reads_a_tufjs_repo_mock_repository_over_http()
    {
        const string content = "{\"made-by\":\"@tufjs/repo-mock\"}";
        using var peer = NodePeer.Start("tuf-repo-mock-server.js", content);
        var port = JsonDocument.Parse(peer.FirstLine).RootElement.GetProperty("port").GetInt32();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var remote = new HttpTufRemote(http, new Uri(baseUrl, "metadata/"), new Uri(baseUrl, "targets/"));
        var root = await remote.FetchMetadataAsync("1.root.json", 512_000, CancellationToken.None);
        Assert.NotNull(root);

        var folder = Directory.CreateTempSubdirectory("signet-tufjs-").FullName;
        try
        {
            var store = new TrustRootStore(folder);
            store.Initialize(baseUrl, root, DateTimeOffset.UtcNow);
            var result = await store.UpdateAsync(remote);
            Assert.Equal(1, result.RootVersion);
            Assert.Equal(content, Encoding.UTF8.GetString(store.LoadCachedTrustedRootJson(DateTimeOffset.UtcNow)));

            // Second update: nothing new; the same timestamp is the only download (no 2.root.json probe).
            var again = await store.UpdateAsync(remote);
            Assert.False(again.TimestampWasNew);
            Assert.Equal(1, again.Downloads);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
