using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Signet.Server;

namespace Signet.SigningLoad;

/// <summary>Timestamps per second through <c>POST /api/v1/timestamp</c>, against raw ECDSA P-256 signatures per second.</summary>
internal static class TsaLoad
{
    public static async Task<int> RunAsync(int seconds, int concurrency)
    {
        var dir = Directory.CreateTempSubdirectory("signet-tsa-load-").FullName;
        var options = new SignetServerOptions { DataDirectory = dir, Listen = "127.0.0.1:0", Services = new HashSet<string> { "tsa" } };
        var app = SignetServer.Build(options);
        var url = new Uri(await SignetServer.StartAsync(app, CancellationToken.None), "/api/v1/timestamp");
        try
        {
            var query = Rfc3161TimestampRequest.CreateFromData("signature"u8, HashAlgorithmName.SHA256, nonce: new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, requestSignerCertificates: true).Encode();
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
            using var http = new HttpClient(handler);
            await PostAsync(http, url, query); // warm-up

            var rawRate = RawSignRate(TimeSpan.FromSeconds(Math.Max(2, seconds / 3)));
            var done = 0L;
            var failed = 0L;
            var stop = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(seconds);
            var workers = Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (stop.Elapsed < deadline)
                {
                    if (await PostAsync(http, url, query))
                    {
                        Interlocked.Increment(ref done);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            });
            await Task.WhenAll(workers);
            var rate = done / stop.Elapsed.TotalSeconds;
            Console.WriteLine($"cores: {Environment.ProcessorCount}, concurrency: {concurrency}, duration: {stop.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"raw ECDSA P-256 signatures/s (all cores): {rawRate:F0}");
            Console.WriteLine($"TSA timestamps/s over HTTP: {rate:F0} ({failed} failed)");
            Console.WriteLine($"ratio timestamps/raw signatures: {rate / rawRate:F2}");
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<bool> PostAsync(HttpClient http, Uri url, byte[] query)
    {
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var r = await http.PostAsync(url, content);
        await r.Content.ReadAsByteArrayAsync();
        return r.IsSuccessStatusCode;
    }

    /// <summary>ECDSA P-256 signatures per second with one signer per core, for the same length of time.</summary>
    private static double RawSignRate(TimeSpan duration)
    {
        var count = 0L;
        var stop = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, _ =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var data = new byte[200];
            var local = 0L;
            while (stop.Elapsed < duration)
            {
                key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                local++;
            }

            Interlocked.Add(ref count, local);
        });
        return count / stop.Elapsed.TotalSeconds;
    }
}
