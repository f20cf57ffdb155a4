using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Signet.LogLoad;

/// <summary>
/// After a load over several front ends: entries with their inclusion proofs (<c>GET /api/v1/log/entries?logIndex=</c>)
/// for random indices of the whole log, spread over the front ends, 8 at a time. Each front end builds the proof from
/// hash tiles read from PostgreSQL through its in-process tile cache.
/// </summary>
internal static class ProofRun
{
    private const int Requests = 4000;
    private const int Concurrency = 8;

    public static async Task RunAsync(IReadOnlyList<HttpClient> frontEnds, double verifyRate)
    {
        using var info = JsonDocument.Parse(await frontEnds[0].GetStringAsync(new Uri("api/v1/log", UriKind.Relative)));
        var size = info.RootElement.GetProperty("treeSize").GetInt64();
        if (size == 0)
        {
            return;
        }

        var latencies = new List<double>[Concurrency];
        var next = -1;
        var failures = 0;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(w => Task.Run(async () =>
        {
            latencies[w] = [];
            int i;
            while ((i = Interlocked.Increment(ref next)) < Requests)
            {
                var index = Random.Shared.NextInt64(size);
                var sw = Stopwatch.StartNew();
                using var r = await frontEnds[i % frontEnds.Count].GetAsync(new Uri($"api/v1/log/entries?logIndex={index.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative));
                await r.Content.ReadAsByteArrayAsync();
                if (r.IsSuccessStatusCode)
                {
                    latencies[w].Add(sw.Elapsed.TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var sorted = latencies.SelectMany(l => l).Order().ToList();
        var rate = sorted.Count / wall.Elapsed.TotalSeconds;
        Console.WriteLine($"entry + inclusion proof by index over {frontEnds.Count} front ends, tree of {size}: {sorted.Count} answered, {failures} failed; " +
            $"p50 {Percentiles.Of(sorted, 50):F2} ms, p99 {Percentiles.Of(sorted, 99):F2} ms; {rate:F0}/s = {rate / verifyRate:F3} × ECDSA verifies/s");
    }
}
