using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;

namespace Signet.LogLoad;

/// <summary>
/// A long run of the whole stack as a deployment sees it: one <c>signet serve --dev-oidc</c> (CA with CT log, log,
/// TSA, TUF, explorer) in its own process; <c>--signers</c> keyless signers in this process (certificate, timestamp,
/// Rekor v2 entry, every 50th bundle verified) and one reader (a v1 entry lookup with its SET and proof, the v2
/// checkpoint, TUF's timestamp.json, the explorer's page). Every <c>--sample</c> seconds it prints the server's
/// resident memory, threads, open file descriptors and data directory size next to the signings done and their
/// latency; at the end, each of those at the last sample against the first sample after the first quarter (the
/// warm-up: JIT, pools, caches). A leak shows as a ratio that keeps growing with the run's length. <c>--driver
/// postgres</c> keeps both logs in a throw-away PostgreSQL cluster (its size is then the database's, not the directory's).
/// </summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(string driver, int minutes, int signers, int sampleSeconds)
    {
        var dir = Directory.CreateTempSubdirectory("signet-soak-").FullName;
        var port = LoadRun.FreePort();
        // With PostgreSQL, the Rekor log's and the CT log's state (entries, tiles, checkpoints) is in the database.
        using var pg = driver == "postgres" ? new TempPostgres() : null;
        using var server = new FrontEnds();
        var process = StartServer(dir, port, pg is null ? [] : ["--log-postgres", pg.ConnectionString]);
        server.Add(process);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        await LoadRun.WaitHealthyAsync(http);
        var configPath = Path.Combine(dir, "signing_config.v0.2.json");
        while (!File.Exists(configPath))
        {
            await Task.Delay(100);
        }

        // The TUF repository is made in the background after the server listens.
        while (!(await http.GetAsync(new Uri("tuf/timestamp.json", UriKind.Relative))).IsSuccessStatusCode)
        {
            await Task.Delay(100);
        }

        var config = SigningConfig.Parse(File.ReadAllBytes(configPath));
        var root = TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(dir, "trusted_root.json")));
        var signer = new BundleSigner(http, SigningServices.Select(config, DateTimeOffset.UtcNow), TimeProvider.System);
        var token = IdentityToken.Parse(await TokenAsync(http));
        var tokenAge = Stopwatch.StartNew();
        using var refresh = new SemaphoreSlim(1);

        var stop = DateTime.UtcNow.AddMinutes(minutes);
        long signed = 0, reads = 0, errors = 0;
        var window = new ConcurrentQueue<double>();
        var firstErrors = new ConcurrentQueue<string>();
        void Fail(Exception e)
        {
            if (Interlocked.Increment(ref errors) <= 5)
            {
                firstErrors.Enqueue(e.GetType().Name + ": " + e.Message);
            }
        }

        async Task SignLoopAsync()
        {
            var artifact = new byte[1024];
            while (DateTime.UtcNow < stop)
            {
                if (tokenAge.Elapsed > TimeSpan.FromMinutes(4))
                {
                    // The development issuer's tokens live ten minutes: one signer fetches a fresh one, the rest use it.
                    await refresh.WaitAsync();
                    try
                    {
                        if (tokenAge.Elapsed > TimeSpan.FromMinutes(4))
                        {
                            token = IdentityToken.Parse(await TokenAsync(http));
                            tokenAge.Restart();
                        }
                    }
                    finally
                    {
                        refresh.Release();
                    }
                }

                RandomNumberGenerator.Fill(artifact);
                var payload = SigningPayload.ForArtifact(artifact);
                var t = Stopwatch.StartNew();
                try
                {
                    var bundle = await signer.SignKeylessAsync(payload, token, CancellationToken.None);
                    window.Enqueue(t.Elapsed.TotalMilliseconds);
                    if (Interlocked.Increment(ref signed) % 50 == 0)
                    {
                        SelfVerification.Verify(bundle, payload, root, token, null);
                    }
                }
                catch (Exception e) when (e is Signet.Core.SignetException or HttpRequestException or TaskCanceledException)
                {
                    Fail(e);
                }
            }
        }

        async Task ReadLoopAsync()
        {
            var v1Size = 0L;
            while (DateTime.UtcNow < stop)
            {
                try
                {
                    // The v1 index counts both APIs' entries: look up one that exists, as a verifier of a detached signature does.
                    if (v1Size > 0)
                    {
                        (await http.GetAsync(new Uri($"api/v1/log/entries?logIndex={Random.Shared.NextInt64(v1Size)}", UriKind.Relative))).EnsureSuccessStatusCode();
                    }

                    using (var info = await http.GetFromJsonAsync<JsonDocument>(new Uri("api/v1/log", UriKind.Relative)))
                    {
                        v1Size = info!.RootElement.GetProperty("treeSize").GetInt64();
                    }

                    (await http.GetAsync(new Uri("api/v2/checkpoint", UriKind.Relative))).EnsureSuccessStatusCode();
                    (await http.GetAsync(new Uri("tuf/timestamp.json", UriKind.Relative))).EnsureSuccessStatusCode();
                    (await http.GetAsync(new Uri("explorer/", UriKind.Relative))).EnsureSuccessStatusCode();
                    Interlocked.Add(ref reads, 5);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Fail(e);
                }

                await Task.Delay(20);
            }
        }

        Console.WriteLine($"soak: {minutes} min, {signers} keyless signers + 1 reader against signet serve (pid {process.Id}, {driver}), cores: {Environment.ProcessorCount}");
        Console.WriteLine("   min   signed  /s(window)  p50 ms  p99 ms   reads  errors  RSS MB  threads  fds  data MB");
        var work = Enumerable.Range(0, signers).Select(_ => Task.Run(SignLoopAsync)).Append(Task.Run(ReadLoopAsync)).ToList();
        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        var lastSigned = 0L;
        while (DateTime.UtcNow < stop)
        {
            await Task.Delay(TimeSpan.FromSeconds(sampleSeconds));
            var latencies = Drain(window);
            var now = Interlocked.Read(ref signed);
            var s = new Sample(
                clock.Elapsed.TotalMinutes, now, (now - lastSigned) / (double)sampleSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
                Interlocked.Read(ref reads), Interlocked.Read(ref errors), Rss.Megabytes(process.Id), Status(process.Id, "Threads:"),
                Directory.GetFiles($"/proc/{process.Id}/fd").Length, (DirectoryBytes(dir) + (pg is null ? 0 : DirectoryBytes(pg.DataDirectory))) / (1024.0 * 1024.0));
            lastSigned = now;
            samples.Add(s);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Minutes,6:F1} {s.Signed,8} {s.Rate,11:F1} {s.P50,7:F1} {s.P99,7:F1} {s.Reads,7} {s.Errors,7} {s.RssMb,7} {s.Threads,8} {s.Fds,4} {s.DataMb,8:F1}"));
        }

        await Task.WhenAll(work);
        foreach (var e in firstErrors)
        {
            Console.WriteLine("error: " + e);
        }

        if (samples.Count < 4)
        {
            Console.WriteLine("soak: too short to compare (fewer than 4 samples)");
            return 1;
        }

        var baseline = samples[samples.Count / 4];
        var last = samples[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"last ÷ sample at {baseline.Minutes:F1} min: RSS {last.RssMb / (double)baseline.RssMb:F2}, threads {last.Threads / (double)baseline.Threads:F2}, "
            + $"fds {last.Fds / (double)baseline.Fds:F2}, signings/s {last.Rate / baseline.Rate:F2}, p99 {last.P99 / baseline.P99:F2}; "
            + $"data {(last.DataMb - baseline.DataMb) * 1024 * 1024 / Math.Max(1, last.Signed - baseline.Signed):F0} bytes per signing since then; "
            + $"RSS max {samples.Max(x => x.RssMb)} MB; errors {last.Errors} of {last.Signed + last.Reads} requests"));
        if (Environment.GetEnvironmentVariable("SIGNET_SOAK_KEEP") is { Length: > 0 })
        {
            Console.WriteLine($"data directory kept: {dir}");
        }
        else
        {
            Directory.Delete(dir, recursive: true);
        }

        return last.Errors == 0 ? 0 : 1;
    }

    private sealed record Sample(double Minutes, long Signed, double Rate, double P50, double P99, long Reads, long Errors, long RssMb, long Threads, int Fds, double DataMb);

    private static Process StartServer(string data, int port, string[] extra)
    {
        var signet = Path.Combine(AppContext.BaseDirectory, "signet.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { signet, "serve", "--data-dir", data, "--listen", $"127.0.0.1:{port}", "--dev-oidc" }.Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        // The development issuer warns on every token it issues: count nothing, show only what is not that warning.
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && !line.Contains("development OIDC issuer", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("server: " + line);
            }
        };
        p.OutputDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "soak@signet.dev", ["audience"] = "sigstore" });
        using var r = await http.PostAsync(new Uri("oidc/token", UriKind.Relative), form);
        r.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await r.Content.ReadAsByteArrayAsync());
        return doc.RootElement.GetProperty("id_token").GetString()!;
    }

    private static double[] Drain(ConcurrentQueue<double> queue)
    {
        var list = new List<double>();
        while (queue.TryDequeue(out var v))
        {
            list.Add(v);
        }

        list.Sort();
        return [.. list];
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static long Status(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field, StringComparison.Ordinal))
            .Select(l => long.Parse(l[field.Length..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault(-1);

    /// <summary>The size of the files below <paramref name="dir"/>; a walk that meets a folder deleted under it (a
    /// superseded partial tile's) is taken again.</summary>
    private static long DirectoryBytes(string dir)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f =>
                {
                    try
                    {
                        return f.Length;
                    }
                    catch (FileNotFoundException)
                    {
                        return 0;
                    }
                });
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
            }
        }
    }
}
