using Signet.Client.Services;
using Signet.Core.Keys;
using Signet.Tuf.Client;
using Signet.Tuf.Repository;

namespace Signet.Server.Tests.Tuf;

/// <summary>
/// The goal of issue 7: a <c>trust update</c> with nothing new costs one small request (timestamp.json only), counted
/// on the wire between the TUF client and <c>signet serve</c>'s <c>/tuf/</c> repository.
/// </summary>
public sealed class TrustUpdateRequestCountTests
{
    [Fact]
    public async Task An_update_with_nothing_new_is_one_request_for_the_timestamp()
    {
        await using var server = await TestServer.StartAsync(o =>
        {
            AuthoredRepository.Create(o.DataDirectory, File.ReadAllBytes("Tuf/TestData/production_trusted_root.json"));
            return o;
        });
        var counter = new CountingHandler(new HttpClientHandler());
        using var http = new HttpClient(counter);
        var mirror = new Uri(server.BaseUrl, "tuf/");
        var folder = Directory.CreateTempSubdirectory("signet-trust-count-").FullName;
        try
        {
            var store = new TrustRootStore(folder);
            store.Initialize(mirror, await server.Http.GetByteArrayAsync(new Uri("/tuf/1.root.json", UriKind.Relative)), DateTimeOffset.UtcNow);
            await store.UpdateAsync(new HttpTufRemote(http, mirror));
            Assert.Equal(["/tuf/timestamp.json", "/tuf/2.root.json", "/tuf/1.snapshot.json", "/tuf/1.targets.json"], counter.Paths.Take(4));
            Assert.Equal(5, counter.Paths.Count); // and targets/HASH.trusted_root.json

            counter.Reset();
            var again = await store.UpdateAsync(new HttpTufRemote(http, mirror));
            Assert.False(again.TimestampWasNew);
            Assert.Equal(["/tuf/timestamp.json"], counter.Paths);
            var timestampSize = new FileInfo(Path.Combine(server.DataDirectory, "tuf", "published", "timestamp.json")).Length;
            Assert.Equal(timestampSize, counter.BytesReceived);
            Assert.True(timestampSize < 1024, $"timestamp.json is {timestampSize} bytes");

            // Something new (the online key re-signs timestamp and snapshot): the next root is probed first, as TUF §5.3.
            var repo = TufRepository.Open(Path.Combine(server.DataDirectory, "tuf"), TimeProvider.System);
            using (var online = SigningKey.FromPem(await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "keys", "tuf-online.pem"))))
            {
                repo.Refresh(online, force: true);
            }

            counter.Reset();
            var renewed = await store.UpdateAsync(new HttpTufRemote(http, mirror));
            Assert.True(renewed.TimestampWasNew);
            Assert.Equal(["/tuf/timestamp.json", "/tuf/2.root.json", "/tuf/2.snapshot.json"], counter.Paths);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Records each request's path and the response bytes the client read.</summary>
    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<string> Paths { get; } = [];

        public long BytesReceived { get; private set; }

        public void Reset()
        {
            Paths.Clear();
            BytesReceived = 0;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                BytesReceived += body.Length;
                var copy = new ByteArrayContent(body);
                foreach (var h in response.Content.Headers)
                {
                    copy.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }

                response.Content = copy;
            }

            return response;
        }
    }
}
