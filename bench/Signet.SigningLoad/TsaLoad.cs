using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Signet.Server;

namespace Signet.SigningLoad;

/// <summary>
/// Timestamps per second through <c>POST /api/v1/timestamp</c> over loopback HTTP with many concurrent connections,
/// next to raw ECDSA P-256 signatures per second on all cores measured in the same run. <c>raw</c> clients
/// (<see cref="RawHttpLoadClient"/>) leave most of the shared CPU to the server; <c>httpclient</c> clients measure
/// what a .NET caller with <see cref="HttpClient"/> sees on the same machine.
/// </summary>
internal static class TsaLoad
{
    public static async Task<int> RunAsync(int seconds, int concurrency, string client)
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

            // Warm-up, and proof that the answers are real tokens for this query.
            var sample = await PostAsync(http, url, query);
            var token = Rfc3161TimestampRequest.CreateFromData("signature"u8, HashAlgorithmName.SHA256, nonce: new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, requestSignerCertificates: true)
                .ProcessResponse(sample ?? throw new InvalidOperationException("the warm-up timestamp failed"), out _);
            if (!token.VerifySignatureForData("signature"u8, out _))
            {
                throw new InvalidOperationException("the warm-up timestamp does not verify");
            }

            // Rounds of (1 s raw ECDSA on all cores, 2 s of load), so both figures see the same background load from
            // whatever else shares the machine; the ratio is computed over the sums.
            double rawSigns = 0, rawSeconds = 0, loadSeconds = 0;
            long done = 0, failed = 0;
            var rounds = Math.Max(1, seconds / 3);
            var load = new RawHttpLoadClient(new IPEndPoint(IPAddress.Loopback, url.Port), RawHttpLoadClient.Post(url, "application/timestamp-query", query));
            for (var round = 0; round < rounds; round++)
            {
                var (signs, elapsed) = RawSign(TimeSpan.FromSeconds(1));
                rawSigns += signs;
                rawSeconds += elapsed.TotalSeconds;
                var stop = Stopwatch.StartNew();
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                if (client == "raw")
                {
                    var results = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => load.RunConnectionAsync(deadline.Token)));
                    done += results.Sum(r => r.Ok);
                    failed += results.Sum(r => r.Failed);
                }
                else
                {
                    long ok = 0, bad = 0;
                    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
                    {
                        while (!deadline.IsCancellationRequested)
                        {
                            if (await PostAsync(http, url, query) is not null)
                            {
                                Interlocked.Increment(ref ok);
                            }
                            else
                            {
                                Interlocked.Increment(ref bad);
                            }
                        }
                    }));
                    done += ok;
                    failed += bad;
                }

                loadSeconds += stop.Elapsed.TotalSeconds;
            }

            var rawRate = rawSigns / rawSeconds;
            var rate = done / loadSeconds;
            Console.WriteLine($"cores: {Environment.ProcessorCount}, client: {client}, concurrency: {concurrency}, {rounds} rounds of 1 s raw signing + 2 s load");
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

    private static async Task<byte[]?> PostAsync(HttpClient http, Uri url, byte[] query)
    {
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var r = await http.PostAsync(url, content);
        var body = await r.Content.ReadAsByteArrayAsync();
        return r.IsSuccessStatusCode ? body : null;
    }

    /// <summary>ECDSA P-256 signatures with one signer per core for <paramref name="duration"/>: (count, elapsed).</summary>
    private static (long Count, TimeSpan Elapsed) RawSign(TimeSpan duration)
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
        return (count, stop.Elapsed);
    }
}
