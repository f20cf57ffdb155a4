using System.Diagnostics;
using System.Net;
using System.Text;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Log.Engine;

namespace Signet.LogLoad;

/// <summary>
/// A real <c>signet witness serve</c> process on loopback, fed by one client over a keep-alive connection with
/// add-checkpoint requests of a log that grows by one entry per request (each with its consistency proof), timed one
/// by one. Baseline in the same run, interleaved on the same connection: a request the witness answers at once
/// without work (the monitoring endpoint of a log it does not follow: 404), and a 4 KiB write + fsync on the same file
/// system (the least a durable commit costs).
/// </summary>
internal static class WitnessRun
{
    /// <summary>Add-checkpoint requests a witness of the throughput run answers before the run starts.</summary>
    private const int WarmupRequests = 2_000;

    public static async Task RunAsync(int requests)
    {
        var dir = Directory.CreateTempSubdirectory("signet-witness-bench-").FullName;
        const string origin = "bench.test/log";
        var (vkey, bodies) = GrowingLog(origin, requests);

        var port = LoadRun.FreePort();
        using var witness = Start(Path.Combine(dir, "w"), port, "bench.test/witness", [$"{origin}={vkey}"]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitAsync(http);
        var latencies = new List<double>(requests);
        var floor = new List<double>(requests);
        var disk = new List<double>(requests);
        var failures = 0;
        var probe = new Uri(new string('0', 64) + "/checkpoint", UriKind.Relative);
        using var fsyncFile = new FileStream(Path.Combine(dir, "fsync-baseline"), FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var page = new byte[4096];
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            using (var content = new ByteArrayContent(bodies[i]))
            using (var r = await http.PostAsync(new Uri("add-checkpoint", UriKind.Relative), content))
            {
                await r.Content.ReadAsByteArrayAsync();
                failures += r.StatusCode == HttpStatusCode.OK ? 0 : 1;
            }

            latencies.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            using (var r = await http.GetAsync(probe))
            {
                await r.Content.ReadAsByteArrayAsync();
            }

            floor.Add(sw.Elapsed.TotalMilliseconds);

            // The disk's share: one 4 KiB page written in place and fsync'd, on the witness's file system — what a
            // commit of the witness's state costs at least (one WAL frame, one fsync).
            sw.Restart();
            page[0] = (byte)i;
            fsyncFile.Position = i % 1024 * 4096L;
            fsyncFile.Write(page);
            fsyncFile.Flush(flushToDisk: true);
            disk.Add(sw.Elapsed.TotalMilliseconds);
        }

        // The first 10% warm the JIT and the connection.
        var timed = latencies.Skip(requests / 10).Order().ToList();
        var bare = floor.Skip(requests / 10).Order().ToList();
        var fsync = disk.Skip(requests / 10).Order().ToList();
        Console.WriteLine($"witness add-checkpoint over loopback HTTP, {timed.Count} timed of {requests} (each cosigned and durably stored), {failures} refused:");
        Console.WriteLine($"  p50 {Percentiles.Of(timed, 50):F2} ms, p99 {Percentiles.Of(timed, 99):F2} ms (goal p99 ≤ 5 ms)");
        Console.WriteLine($"  baseline, a bare request to the same witness: p50 {Percentiles.Of(bare, 50):F2} ms, p99 {Percentiles.Of(bare, 99):F2} ms");
        Console.WriteLine($"  baseline, a 4 KiB write + fsync on the witness's disk: p50 {Percentiles.Of(fsync, 50):F2} ms, p90 {Percentiles.Of(fsync, 90):F2} ms, p99 {Percentiles.Of(fsync, 99):F2} ms");
        Console.WriteLine($"ratio: add-checkpoint ÷ bare request = {Percentiles.Of(timed, 50) / Percentiles.Of(bare, 50):F2} (p50), {Percentiles.Of(timed, 99) / Percentiles.Of(bare, 99):F2} (p99)");
        Console.WriteLine($"ratio: add-checkpoint p99 ÷ fsync p99 = {Percentiles.Of(timed, 99) / Percentiles.Of(fsync, 99):F2}; ÷ (bare request p99 + fsync p99) = {Percentiles.Of(timed, 99) / (Percentiles.Of(bare, 99) + Percentiles.Of(fsync, 99)):F2}");
        witness.Kill(entireProcessTree: true);
        await witness.WaitForExitAsync();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The add-checkpoint requests of a log of <paramref name="origin"/> (a new Ed25519 key) that grows by one
    /// entry per request: tree sizes 1..N, each from the size before with its consistency proof (nodes kept as they
    /// form). Returns the log's verifier key and the request bodies.</summary>
    private static (string VerifierKey, byte[][] Bodies) GrowingLog(string origin, int requests)
    {
        using var logKey = SigningKey.GenerateEd25519();
        var signer = RekorNoteSigner.Create(origin, logKey);
        var vkey = Ed25519NoteKey.FormatVerifier(origin, logKey.PublicKey.SpkiDer.AsSpan(12));
        var nodes = new Dictionary<NodeId, byte[]>();
        var range = new CompactRange();
        var bodies = new byte[requests][];
        var source = new DictionaryNodes(nodes);
        for (var i = 0; i < requests; i++)
        {
            var leaf = Rfc6962.HashLeaf(Encoding.UTF8.GetBytes($"bench entry {i}"));
            nodes[new NodeId(0, (ulong)i)] = leaf;
            range.Append(leaf, (id, hash) => nodes[id] = hash);
            var size = (ulong)i + 1;
            var note = NoteOpener.Sign(new Checkpoint(origin, size, range.GetRootHash(), []).Format(), signer);
            var proof = i == 0 ? [] : ConsistencyProof.Build(size - 1, size, source);
            bodies[i] = new AddCheckpointRequest(size - 1, proof, note).Format();
        }

        return (vkey, bodies);
    }

    /// <summary>Witness processes for a log whose data directory is <paramref name="logData"/>: the log's key is made
    /// there first so that the witnesses can be told it. Each witness is warmed up before it is returned — a production
    /// witness runs for months, so the JIT work of a fresh process (the tiered compiler re-compiling Kestrel's, SQLite's
    /// and the witness's hot paths, about 0.8 s of CPU per process in its first 20 s, measured) is not a cost of
    /// witnessing: it is given <see cref="WarmupRequests"/> add-checkpoint requests of a second log it also follows
    /// (its own origin and key, so the bench log's state starts empty). Dispose to stop them.</summary>
    public static async Task<Witnesses> StartWitnessesAsync(string logData, string origin, int count)
    {
        if (count == 0)
        {
            return new Witnesses([], [], null);
        }

        string vkey;
        using (var key = LogKey.LoadOrCreate(Path.Combine(logData, "keys"), origin))
        {
            vkey = key.VerifierKey;
        }

        // The witnesses' state goes to a RAM file system when there is one: a witness runs on a machine of its own, and
        // its fsyncs on the log's disk would slow the log's own (the log is bounded by its commit latency), a cost of
        // sharing this machine's one disk that no deployment has (measured: with the witnesses' state on the log's disk
        // the ratio fell by several percent even when the log did not send them anything).
        var root = Directory.Exists("/dev/shm") ? Directory.CreateDirectory(Path.Combine("/dev/shm", "signet-witnesses-" + Guid.NewGuid().ToString("N"))).FullName : null;
        const string warmupOrigin = "warmup.test/log";
        var (warmupKey, warmup) = GrowingLog(warmupOrigin, WarmupRequests);
        var processes = new List<Process>();
        var flags = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var port = LoadRun.FreePort();
            var dir = Path.Combine(root ?? logData, $"witness{i}");
            processes.Add(Start(dir, port, $"bench.test/w{i}", [$"{origin}={vkey}", $"{warmupOrigin}={warmupKey}"]));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await WaitAsync(http);
            foreach (var body in warmup)
            {
                using var content = new ByteArrayContent(body);
                using var r = await http.PostAsync(new Uri("add-checkpoint", UriKind.Relative), content);
                r.EnsureSuccessStatusCode();
            }

            flags.Add("--witness");
            flags.Add($"http://127.0.0.1:{port}={(await File.ReadAllTextAsync(Path.Combine(dir, "witness.vkey"))).Trim()}");
        }

        return new Witnesses(processes, flags, root);
    }

    private static Process Start(string dir, int port, string name, string[] logs)
    {
        var signet = Path.Combine(AppContext.BaseDirectory, "signet.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { signet, "witness", "serve", "--data-dir", dir, "--listen", $"127.0.0.1:{port}", "--name", name })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var log in logs)
        {
            psi.ArgumentList.Add("--log");
            psi.ArgumentList.Add(log);
        }

        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("witness: " + e.Data);
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task WaitAsync(HttpClient http)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var r = await http.GetAsync(new Uri(new string('0', 64) + "/checkpoint", UriKind.Relative));
                return; // any answer: the witness is up
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("the witness did not start");
    }

    internal sealed class Witnesses(List<Process> processes, List<string> flags, string? stateRoot) : IDisposable
    {
        public IReadOnlyList<string> Flags => flags;

        /// <summary>The witness processes' CPU time so far (they share the machine with the log).</summary>
        public TimeSpan ProcessorTime() => ProcessCpu.Total(processes);

        public void Dispose()
        {
            foreach (var p in processes)
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit();
                }

                p.Dispose();
            }

            processes.Clear();
            if (stateRoot is not null && Directory.Exists(stateRoot))
            {
                Directory.Delete(stateRoot, recursive: true);
            }
        }
    }

    private sealed class DictionaryNodes(Dictionary<NodeId, byte[]> nodes) : INodeSource
    {
        public byte[] GetNode(NodeId id) => nodes[id];
    }
}
