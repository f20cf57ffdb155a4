using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Keys;

namespace Signet.LogLoad;

/// <summary>
/// N concurrent clients post valid, distinct, signed hashedrekord entries over loopback HTTP to separate
/// <c>signet serve</c> processes for a set time. Each response is the acknowledged index with its inclusion proof and
/// checkpoint (the server answers only once a checkpoint covers the entry), so one latency covers both. With several
/// front ends (PostgreSQL only: all log state in the database, each front end its own data directory holding a copy
/// of the first one's keys) the clients are spread over them round robin, as a load balancer would.
/// </summary>
internal static class LoadRun
{
    public static Task<LoadResult> RunAsync(string driver, int clients, int seconds, int warmup, int pool, int keyCount, string api, double verifyRate, int witnesses = 0, int frontEnds = 1, bool pgStats = false) =>
        RunAsync(driver, clients, seconds, warmup, Prepare(pool, keyCount, api), api, verifyRate, witnesses, frontEnds, pgStats);

    /// <summary>Signed requests for <see cref="RunAsync(string, int, int, int, byte[][], string, double, int, int, bool, bool)"/>:
    /// each run starts a new log, so one set serves several runs.</summary>
    public static byte[][] Prepare(int pool, int keyCount, string api)
    {
        Console.WriteLine($"preparing {pool} signed {(api == "v1" ? "hashedrekord 0.0.1" : "hashedrekord 0.0.2")} requests from {keyCount} keys…");
        var requests = PrepareRequests(pool, keyCount, api);
        // The preparation leaves hundreds of MB of JSON garbage; collect it now, not as a full GC inside the timed window
        // (the load tool shares the machine's cores with the server).
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return requests;
    }

    // tellLog false is a control run: the witnesses run (warmed up) but the log is not told of them, so what they cost
    // the machine by being there is measured apart from what witnessing costs the log. With keptData the log's data
    // directory is left for the caller to delete once all its runs are done (see WitnessedRun).
    public static async Task<LoadResult> RunAsync(string driver, int clients, int seconds, int warmup, byte[][] requests, string api, double verifyRate, int witnesses = 0, int frontEnds = 1, bool pgStats = false, bool tellLog = true, List<string>? keptData = null)
    {
        if (frontEnds < 1 || (frontEnds > 1 && driver != "postgres"))
        {
            throw new ArgumentException("several front ends share one log only with --driver postgres");
        }

        var data = Directory.CreateTempSubdirectory("signet-load-").FullName;
        using var pg = driver == "postgres" ? new TempPostgres(settings: pgStats ? StatementProfile.ServerSettings : "") : null;
        var profile = pgStats && pg is not null ? new StatementProfile(pg.ConnectionString, pg.Postmaster) : null;
        var extra = pg is null ? [] : new[] { "--log-postgres", pg.ConnectionString };
        // With witnesses: real `signet witness serve` processes that know the log's key, made before the log starts.
        using var witnessed = await WitnessRun.StartWitnessesAsync(data, "load.test", witnesses);
        extra = tellLog ? [.. extra, .. witnessed.Flags] : extra;
        using var fleet = new FrontEnds();
        var https = new List<HttpClient>();
        for (var f = 0; f < frontEnds; f++)
        {
            var dir = f == 0 ? data : Path.Combine(data, "fe" + f.ToString(CultureInfo.InvariantCulture));
            if (f > 0)
            {
                Signet.Testing.Processes.FrontEndFleet.CopyKeys(data, dir); // the same keys; nothing else is shared but the database
            }

            var port = FreePort();
            fleet.Add(StartServer(dir, port, extra));
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
            https.Add(client);
            await WaitHealthyAsync(client);
        }

        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var failures = 0;
        var exhausted = 0;
        var maxRss = 0L;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(warmup + seconds));
        var measuring = 0; // JIT tiering and connection set-up happen during the warm-up, which is not counted
        var path = api == "v1" ? "api/v1/log/entries" : "api/v2/log/entries";
        var cpuBefore = TimeSpan.Zero;
        var jitBefore = TimeSpan.Zero;
        var witnessCpuBefore = TimeSpan.Zero;
        var selfCpuBefore = TimeSpan.Zero;
        using var self = Process.GetCurrentProcess();
        using var probe = new SpeedProbe();
        var wall = new Stopwatch();
        var startMeasuring = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup));
            if (profile is not null)
            {
                await profile.StartAsync();
            }

            cpuBefore = fleet.ProcessorTime();
            jitBefore = fleet.JitTime();
            witnessCpuBefore = witnessed.ProcessorTime();
            self.Refresh();
            selfCpuBefore = self.TotalProcessorTime;
            wall.Start();
            probe.Start();
            Volatile.Write(ref measuring, 1);
        });
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxRss = Math.Max(maxRss, fleet.RssMegabytes());
                await Task.Delay(200);
            }
        });
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var http = https[c % https.Count];
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= requests.Length)
                {
                    Volatile.Write(ref exhausted, 1);
                    return;
                }

                var counted = Volatile.Read(ref measuring) == 1;
                var sw = Stopwatch.StartNew();
                using var content = new ByteArrayContent(requests[i]);
                content.Headers.ContentType = new("application/json");
                using var r = await http.PostAsync(new Uri(path, UriKind.Relative), content);
                await r.Content.ReadAsByteArrayAsync();
                if (!counted || stop.IsCancellationRequested)
                {
                    continue;
                }

                if (r.StatusCode == HttpStatusCode.Created)
                {
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        await startMeasuring;
        var verifyMicroseconds = probe.Stop();
        var elapsed = Math.Min(wall.Elapsed.TotalSeconds, seconds); // answers after the window closed are not counted
        var serverCpu = (fleet.ProcessorTime() - cpuBefore).TotalSeconds;
        var jit = (fleet.JitTime() - jitBefore).TotalSeconds;
        var witnessCpu = (witnessed.ProcessorTime() - witnessCpuBefore).TotalSeconds;
        self.Refresh();
        var clientCpu = (self.TotalProcessorTime - selfCpuBefore).TotalSeconds;
        await sampler;
        var sorted = latencies.Order().ToList();
        var rate = sorted.Count / elapsed;
        Console.WriteLine($"driver={driver} api={api} front ends={frontEnds} clients={clients} witnesses={witnesses}{(tellLog ? "" : " (running, the log not told)")} seconds={elapsed:F1}");
        if (exhausted == 1)
        {
            Console.WriteLine($"WARNING: all {requests.Length} pre-signed requests were used before the time was up; the rate is over {elapsed:F1} s, not a sustained {seconds} s — raise --pool");
        }

        Console.WriteLine($"acknowledged entries: {sorted.Count} ({rate:F0}/s), rejected/failed: {failures}");
        Console.WriteLine($"latency to acknowledged index + inclusion proof: p50 {Percentiles.Of(sorted, 50):F1} ms, p99 {Percentiles.Of(sorted, 99):F1} ms");
        Console.WriteLine($"server RSS max (all front ends): {maxRss} MB; server CPU {serverCpu:F1} s = {serverCpu * 1e6 / Math.Max(1, sorted.Count):F0} µs per entry ({serverCpu / elapsed:F2} cores)");
        Console.WriteLine($"of which tiered JIT compilation: {jit:F1} s = {jit * 100 / Math.Max(1e-9, serverCpu):F0} % of the front ends' CPU");
        if (jit > serverCpu / 20)
        {
            Console.WriteLine("WARNING: the front ends were still compiling their hot code in the timed window; a longer --warmup measures the steady state");
        }

        if (witnesses > 0)
        {
            Console.WriteLine($"witness processes CPU {witnessCpu:F2} s = {witnessCpu * 1e6 / Math.Max(1, sorted.Count):F0} µs per entry ({witnessCpu / elapsed:F2} cores)");
        }

        var serverMicroseconds = serverCpu * 1e6 / Math.Max(1, sorted.Count);
        if (!double.IsNaN(verifyMicroseconds))
        {
            Console.WriteLine($"machine speed (the load tool's probe thread, CPU time): {verifyMicroseconds:F1} µs per ECDSA P-256 verify; server CPU per entry = {serverMicroseconds / verifyMicroseconds:F2} verifies");
        }

        Console.WriteLine($"load tool CPU {clientCpu:F1} s = {clientCpu * 1e6 / Math.Max(1, sorted.Count):F0} µs per entry ({clientCpu / elapsed:F2} cores)");
        Console.WriteLine($"ratio: entries/s ÷ ECDSA verifies/s (1 thread) = {rate / verifyRate:F3}");
        if (profile is not null)
        {
            await profile.PrintAsync(sorted.Count);
        }

        if (frontEnds > 1)
        {
            await ProofRun.RunAsync(https, verifyRate);
        }

        fleet.Dispose();
        foreach (var client in https)
        {
            client.Dispose();
        }

        witnessed.Dispose();
        if (keptData is null)
        {
            Directory.Delete(data, recursive: true);
        }
        else
        {
            keptData.Add(data);
        }

        return new LoadResult(rate, serverMicroseconds, verifyMicroseconds);
    }

    private static byte[][] PrepareRequests(int count, int keyCount, string api)
    {
        var keys = new SigningKey[Math.Clamp(keyCount, 1, count)];
        Parallel.For(0, keys.Length, i => keys[i] = SigningKey.GenerateEcdsaP256());
        var result = new byte[count][];
        Parallel.For(0, count, i =>
        {
            var key = keys[i % keys.Length];
            var artifact = Encoding.UTF8.GetBytes($"load artifact {i} {Guid.NewGuid()}");
            var sig = Convert.ToBase64String(key.Sign(artifact));
            var digest = SHA256.HashData(artifact);
            JsonObject node = api == "v1"
                ? new()
                {
                    ["kind"] = "hashedrekord",
                    ["apiVersion"] = "0.0.1",
                    ["spec"] = new JsonObject
                    {
                        ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(digest) } },
                        ["signature"] = new JsonObject { ["content"] = sig, ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.PublicKey.ToPem())) } },
                    },
                }
                : new()
                {
                    ["hashedRekordRequestV002"] = new JsonObject
                    {
                        ["digest"] = Convert.ToBase64String(digest),
                        ["signature"] = new JsonObject
                        {
                            ["content"] = sig,
                            ["verifier"] = new JsonObject { ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(key.PublicKey.SpkiDer) }, ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256" },
                        },
                    },
                };
            result[i] = Encoding.UTF8.GetBytes(node.ToJsonString());
        });
        return result;
    }

    internal static Process StartServer(string data, int port, string[] extra, string origin = "load.test")
    {
        var signet = Path.Combine(AppContext.BaseDirectory, "signet.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { signet, "serve", "--data-dir", data, "--listen", $"127.0.0.1:{port}", "--services", "log", "--log-origin", origin }.Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    internal static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri("api/v1/log", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the server did not start");
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
