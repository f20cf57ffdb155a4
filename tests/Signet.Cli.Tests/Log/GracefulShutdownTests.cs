using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Cli.Tests.Log;

/// <summary>
/// <c>signet serve</c> stopped with SIGTERM (or SIGINT, Ctrl+C) while writers are busy: it answers the writes it accepted, makes their
/// batches durable, exits 0, and after a restart every entry it acknowledged is in the log at its index.
/// </summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-sigterm-").FullName;
    private readonly List<Process> _started = [];

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_stop_signal_during_concurrent_writes_keeps_every_acknowledged_entry_and_exits_0(string signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGTERM is a POSIX signal
        }

        using var key = SigningKey.GenerateEcdsaP256();
        var (server, url) = await StartAsync("127.0.0.1:0");
        var acknowledged = new ConcurrentDictionary<long, string>();
        var refused = 0;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var next = 0;

        async Task WriterAsync()
        {
            while (true)
            {
                var n = Interlocked.Increment(ref next);
                var artifact = Encoding.UTF8.GetBytes($"artifact {n}");
                var digest = SHA256.HashData(artifact);
                var entry = HashedRekordRequest.V001(key, artifact);
                try
                {
                    using var content = new StringContent(entry, Encoding.UTF8, "application/json");
                    using var r = await http.PostAsync(new Uri(url, "/api/v1/log/entries"), content);
                    if (r.StatusCode != HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref refused);
                        return; // shutting down (503) — the writer stops, as a real client would retry elsewhere
                    }

                    using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                    var index = doc.RootElement.EnumerateObject().Single().Value.GetProperty("logIndex").GetInt64();
                    Assert.True(acknowledged.TryAdd(index, Hex.Encode(digest)), $"index {index} acknowledged twice");
                }
                catch (HttpRequestException)
                {
                    return; // the server stopped accepting connections: nothing was acknowledged for this request
                }
            }
        }

        var writers = Enumerable.Range(0, 16).Select(_ => Task.Run(WriterAsync)).ToArray();
        var started = Stopwatch.StartNew();
        while (acknowledged.Count < 40 && started.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }

        Assert.True(acknowledged.Count >= 40, "the writers got no acknowledgements before the signal");
        using (var kill = Process.Start("kill", ["-" + signal, server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        if (!server.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            server.Kill(entireProcessTree: true);
            Assert.Fail($"signet serve did not exit within 60 s after SIG{signal}");
        }

        Assert.Equal(0, server.ExitCode);
        await Task.WhenAll(writers);
        server.Dispose();

        // Restart on the same data directory: every acknowledged entry is there, at its index, with its digest.
        var (again, url2) = await StartAsync("127.0.0.1:0");
        try
        {
            foreach (var (index, digestHex) in acknowledged)
            {
                using var r = await http.GetAsync(new Uri(url2, $"/api/v1/log/entries?logIndex={index}"));
                Assert.True(r.StatusCode == HttpStatusCode.OK, $"acknowledged index {index} is missing after restart ({(int)r.StatusCode})");
                using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                var body = Encoding.UTF8.GetString(Convert.FromBase64String(doc.RootElement.EnumerateObject().Single().Value.GetProperty("body").GetString()!));
                Assert.Contains(digestHex, body);
            }
        }
        finally
        {
            again.Kill(entireProcessTree: true);
            await again.WaitForExitAsync();
            again.Dispose();
        }
    }

    private async Task<(Process Process, Uri Url)> StartAsync(string listen)
    {
        // A process started in the background by a non-interactive shell inherits SIGINT and SIGQUIT as ignored (POSIX
        // "Shell Command Language" §2.11), and .NET keeps an inherited SIG_IGN, as a server should. The server is started
        // the way Ctrl+C reaches it from a terminal: GNU env resets SIGINT to its default before it execs the server.
        var psi = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--default-signal=INT", "dotnet", SignetProcess.ToolPath, "serve", "--data-dir", _dir, "--listen", listen, "--services", "log" })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        _started.Add(p);
        _ = p.StandardError.ReadToEndAsync();
        var line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(line);
        Assert.StartsWith("signet: listening on ", line);
        _ = p.StandardOutput.ReadToEndAsync();
        return (p, new Uri(line["signet: listening on ".Length..]));
    }

    public void Dispose()
    {
        // Whatever happened above, no server outlives its test.
        foreach (var p in _started)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
