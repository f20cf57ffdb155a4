using System.Diagnostics;
using System.Text;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Postgres;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.LogLoad;

/// <summary>
/// Builds a large log (entries sequenced in large batches straight into the sequencer — no HTTP, no signature checks —
/// then integrated into tiles by the engine) and measures inclusion-proof latency from tiles at that size, and this
/// process's RSS. With the embedded driver the log is SQLite and tile files; with <c>--driver postgres</c> it is a
/// throw-away PostgreSQL cluster holding all of the log's state (entries, tiles, entry bundles, checkpoint), written by
/// the same sequencer and tile-store code as <c>signet serve --log-postgres</c>, so the result is a real log that a
/// front end serves.
/// </summary>
internal static class BulkRun
{
    /// <param name="keep">Build only, into this directory (the log's data directory and, with PostgreSQL, the cluster),
    /// kept for a later <paramref name="from"/> run: the long load runs on a busy machine, the timed proofs on a quiet one.</param>
    /// <param name="from">Measure only, on a log a <paramref name="keep"/> run built in this directory.</param>
    public static async Task RunAsync(string driver, int entries, int proofs, bool serve, double verifyRate, string? keep = null, string? from = null)
    {
        if (driver is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException($"--driver must be sqlite or postgres, not '{driver}'");
        }

        var kept = keep ?? from;
        var dir = kept is null ? Directory.CreateTempSubdirectory("signet-bulk-").FullName : Path.Combine(kept, "serve");
        using var pg = driver == "postgres" ? new TempPostgres(kept is null ? null : Path.Combine(kept, "pg")) : null;
        var where = pg is null ? "SQLite, tiles from files" : "PostgreSQL, tiles from the database";
        TransparencyLog log;
        ILogDatabase store;
        LogKey key;
        if (from is null)
        {
            double total, sequenced;
            (log, store, key, total, sequenced) = await BuildAsync(dir, Origin, entries,
                n => Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"0.0.1\",\"kind\":\"bulk\",\"spec\":{{\"n\":{n},\"pad\":\"{new string('x', 80)}\"}}}}"),
                pg?.ConnectionString);
            Console.WriteLine($"bulk ({where}): {entries} entries sequenced in {sequenced:F1} s, integrated into tiles by {total:F1} s ({entries / total:F0} entries/s overall; ratio to ECDSA verifies/s {entries / total / verifyRate:F3})");
            Console.WriteLine($"on disk: {(pg?.DiskBytes() ?? DiskBytes(dir)) / 1e9:F2} GB ({(pg is null ? "data directory" : "PostgreSQL data directory, WAL included")})");
            if (keep is not null)
            {
                await CloseAsync(log, store, key);
                Console.WriteLine($"kept in {keep}: measure with 'bulk --driver {driver} --from {keep} --proofs N [--serve]'");
                return;
            }
        }
        else
        {
            (log, store, key) = await OpenAsync(dir, Origin, null, pg?.ConnectionString);
            Console.WriteLine($"bulk ({where}): opened the {log.Reader.Latest.Size}-entry log kept in {from}");
        }

        var random = new Random(1);
        var size = log.Reader.Latest.Size;
        var root = log.Reader.Latest.RootHash;
        var latencies = new List<double>(proofs);
        var floor = new List<double>(proofs); // same-run noise floor: an 8 KiB SHA-256 timed the same way, interleaved
        var tileSized = new byte[8192];
        for (var i = 0; i < 1000; i++)
        {
            await log.Reader.InclusionProofAsync((ulong)random.NextInt64((long)size), size, default); // JIT warm-up, not timed
        }

        for (var i = 0; i < proofs; i++)
        {
            var index = (ulong)random.NextInt64((long)size);
            var sw = Stopwatch.StartNew();
            var proof = await log.Reader.InclusionProofAsync(index, size, default);
            latencies.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            System.Security.Cryptography.SHA256.HashData(tileSized);
            floor.Add(sw.Elapsed.TotalMilliseconds);
            if (i < 100)
            {
                var entry = await log.Reader.GetEntryAsync(index, default);
                InclusionProof.Verify(index, size, Rfc6962.HashLeaf(entry!.Body), proof, root);
            }
        }

        latencies.Sort();
        floor.Sort();
        Console.WriteLine($"inclusion proof at size {size} ({where}, in process): p50 {Percentiles.Of(latencies, 50):F3} ms, p99 {Percentiles.Of(latencies, 99):F3} ms over {proofs} random indices");
        Console.WriteLine($"noise floor (8 KiB SHA-256 timed the same way, same loop): p50 {Percentiles.Of(floor, 50):F3} ms, p99 {Percentiles.Of(floor, 99):F3} ms");
        Console.WriteLine($"process RSS: {Rss.Megabytes(Environment.ProcessId)} MB");
        Console.WriteLine($"ratio: proofs/s (1 thread, p50) ÷ ECDSA verifies/s (1 thread) = {1000 / Percentiles.Of(latencies, 50) / verifyRate:F3}");
        await CloseAsync(log, store, key);
        if (serve)
        {
            await ServeAsync(dir, size, proofs, pg is null ? [] : ["--log-postgres", pg.ConnectionString]);
        }

        if (kept is null)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task CloseAsync(TransparencyLog log, ILogDatabase store, LogKey key)
    {
        await log.DisposeAsync();
        await store.DisposeAsync();
        key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static long DiskBytes(string dir) => new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private const string Origin = "bulk.test";

    /// <summary>
    /// A log of <paramref name="entries"/> entries (bodies from <paramref name="body"/>) in the layout of
    /// <c>signet serve --data-dir DIR</c> (DIR/log/log.db, DIR/log/tiles, DIR/log/origin, DIR/keys), so that a
    /// separate server process can serve it afterwards: sequenced in large batches straight into the sequencer, then
    /// integrated into tiles by the engine. With <paramref name="postgres"/>, the entries, tiles, bundles and checkpoint
    /// go into that database instead (the tables of <c>signet serve --log-postgres</c>'s default log) and DIR holds
    /// only the keys and origin. Returns the open engine and store, the key, and the seconds taken.
    /// </summary>
    internal static async Task<(TransparencyLog Log, ILogDatabase Store, LogKey Key, double Seconds, double SequencedSeconds)> BuildAsync(
        string dir, string origin, int entries, Func<int, byte[]> body, string? postgres = null)
    {
        var build = Stopwatch.StartNew();
        var (store, open, key) = await OpenStoreAsync(dir, origin, postgres);
        const int batch = 20_000;
        for (var start = 0; start < entries; start += batch)
        {
            var count = Math.Min(batch, entries - start);
            var list = new PendingEntry[count];
            for (var i = 0; i < count; i++)
            {
                var data = body(start + i);
                list[i] = new PendingEntry(Rfc6962.HashLeaf(data), data, []);
            }

            await store.SequenceAsync(list, 0, default);
            if ((start + count) % 1_000_000 == 0 || start + count == entries)
            {
                Console.Error.WriteLine($"bulk: {start + count} of {entries} entries sequenced ({build.Elapsed.TotalSeconds:F0} s)"); // progress (stderr)
            }
        }

        var sequenced = build.Elapsed.TotalSeconds;
        var (log, _, _) = await OpenAsync(dir, origin, (store, open, key), postgres);
        await log.Publisher.WaitForSizeAsync((ulong)entries, default);
        return (log, store, key, build.Elapsed.TotalSeconds, sequenced);
    }

    /// <summary>The engine over a log in <paramref name="dir"/>'s layout (opened here unless <paramref name="opened"/>
    /// is given); integration catches up with whatever is sequenced.</summary>
    private static async Task<(TransparencyLog Log, ILogDatabase Store, LogKey Key)> OpenAsync(
        string dir, string origin, (ILogDatabase Store, ITileStore Tiles, LogKey Key)? opened, string? postgres)
    {
        var (store, tiles, key) = opened ?? await OpenStoreAsync(dir, origin, postgres);
        var options = new LogOptions { Origin = key.Name, IntegrationChunk = 65536, PublicationTimeout = TimeSpan.FromMinutes(30) };
        var log = await TransparencyLog.OpenAsync(store, tiles, key, options, TimeProvider.System, default);
        return (log, store, key);
    }

    private static async Task<(ILogDatabase Store, ITileStore Tiles, LogKey Key)> OpenStoreAsync(string dir, string origin, string? postgres)
    {
        Directory.CreateDirectory(Path.Combine(dir, "log"));
        await File.WriteAllTextAsync(Path.Combine(dir, "log", "origin"), origin + "\n");
        var key = LogKey.LoadOrCreate(Path.Combine(dir, "keys"), origin);
        if (postgres is null)
        {
            return (await SqliteSequencer.OpenAsync(Path.Combine(dir, "log", "log.db"), default), new FileTileStore(Path.Combine(dir, "log", "tiles")), key);
        }

        var shared = await PostgresSequencer.OpenAsync(postgres, default);
        return (shared, shared.Tiles, key);
    }

    /// <summary>Serves the built log with a separate <c>signet serve</c> process and fetches entries with their
    /// inclusion proofs (<c>GET /api/v1/log/entries?logIndex=</c>) at random indices from 8 clients, sampling the
    /// server's RSS: the issue's "server RSS at 10M entries".</summary>
    private static async Task ServeAsync(string dir, ulong size, int proofs, string[] extra)
    {
        var port = LoadRun.FreePort();
        using var server = LoadRun.StartServer(dir, port, extra, Origin);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        await LoadRun.WaitHealthyAsync(http);
        var maxRss = 0L;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxRss = Math.Max(maxRss, Rss.Megabytes(server.Id));
                await Task.Delay(100);
            }
        });
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var next = -1;
        var random = new Random(2);
        var indices = Enumerable.Range(0, proofs).Select(_ => (ulong)random.NextInt64((long)size)).ToArray();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < indices.Length; i = Interlocked.Increment(ref next))
            {
                var sw = Stopwatch.StartNew();
                using var r = await http.GetAsync(new Uri($"api/v1/log/entries?logIndex={indices[i]}", UriKind.Relative));
                await r.Content.ReadAsByteArrayAsync();
                if (r.IsSuccessStatusCode)
                {
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var seconds = wall.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await sampler;
        var sorted = latencies.Order().ToList();
        Console.WriteLine($"signet serve on the {size}-entry log: {sorted.Count} entries with inclusion proofs over HTTP (8 clients) in {seconds:F1} s, {failures} failed; " +
            $"p50 {Percentiles.Of(sorted, 50):F2} ms, p99 {Percentiles.Of(sorted, 99):F2} ms; server RSS max {maxRss} MB");
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }
}
