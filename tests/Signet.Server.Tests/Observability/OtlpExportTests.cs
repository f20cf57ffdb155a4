using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Signet.Hosting.Observability;
using Signet.Testing.Servers;

namespace Signet.Server.Tests.Observability;

/// <summary><c>--otlp-endpoint</c>: a local OTLP/HTTP receiver gets Signet's metrics and spans as protobuf.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_and_traces_arrive_at_the_collector_as_otlp_protobuf()
    {
        using var collector = new HttpListener();
        var port = LoopbackPort.Free();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        var receiving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        await using (var server = await TestServer.StartAsync(o => o with
        {
            Services = new HashSet<string>(["log", "tsa"], StringComparer.Ordinal),
            Observability = new ObservabilityOptions { OtlpEndpoint = new Uri($"http://127.0.0.1:{port}"), OtlpExportInterval = TimeSpan.FromMilliseconds(200) },
        }))
        {
            // One RFC 3161 timestamp: a Signet.Tsa span and counter.
            var query = Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData("otlp"u8), HashAlgorithmName.SHA256, requestSignerCertificates: true);
            using var content = new ByteArrayContent(query.Encode());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/timestamp-query");
            (await server.Http.PostAsync(new Uri("/api/v1/timestamp", UriKind.Relative), content)).EnsureSuccessStatusCode();

            for (var i = 0; i < 150 && !(Names(received, "/v1/metrics").Contains("signet.tsa.timestamps.issued", StringComparison.Ordinal)
                && Names(received, "/v1/traces").Contains("tsa.timestamp", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(100);
            }
        }

        collector.Stop();
        await receiving;
        var metrics = received.Where(r => r.Path == "/v1/metrics").ToList();
        Assert.NotEmpty(metrics);
        Assert.All(metrics, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.Contains("signet.log.size", Names(received, "/v1/metrics"), StringComparison.Ordinal);
        Assert.Contains("signet.tsa.timestamps.issued", Names(received, "/v1/metrics"), StringComparison.Ordinal);
        Assert.Contains("tsa.timestamp", Names(received, "/v1/traces"), StringComparison.Ordinal);
        Assert.Contains("Signet.Tsa", Names(received, "/v1/traces"), StringComparison.Ordinal);
    }

    // Protobuf strings are UTF-8 bytes in the message: the names are there verbatim.
    private static string Names(IEnumerable<(string Path, string? ContentType, byte[] Body)> received, string path) =>
        string.Concat(received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

}
