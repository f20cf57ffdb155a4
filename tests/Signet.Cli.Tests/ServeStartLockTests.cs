using System.Diagnostics;
using System.Text.Json;
using Signet.Files;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests;

/// <summary>
/// Front ends (and witnesses) started at once on one data directory take turns through its start lock
/// (<c>serve-start.lock</c>): the second loads the keys, chains and TUF repository the first made. Before, each made its own and the loser of the
/// race stopped ("the file DATA/keys/tsa.key.pem already exists", 7 of 16 starts in pairs).
/// </summary>
public sealed class ServeStartLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-start-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_start_waits_while_another_holds_the_data_directory_and_makes_nothing_meanwhile()
    {
        var held = FileLock.TryAcquire(Path.Combine(_dir, "serve-start.lock"), exclusive: true, TimeSpan.Zero, null, CancellationToken.None);
        Assert.NotNull(held);
        using var serve = Start(LoopbackPort.Free());
        try
        {
            var waiting = await serve.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal($"signet serve: waiting for another signet serve starting on {_dir}", waiting);
            Assert.False(Directory.Exists(Path.Combine(_dir, "keys")));
            Assert.False(serve.HasExited);

            held.Dispose();
            Assert.StartsWith("signet: listening on ", await ListeningAsync(serve));
            Assert.True(File.Exists(Path.Combine(_dir, "keys", "tsa.key.pem")));
        }
        finally
        {
            held.Dispose();
            await StopAsync(serve);
        }
    }

    [Fact]
    public async Task Two_front_ends_started_at_once_on_one_data_directory_both_serve_the_same_keys()
    {
        Process[] servers = [Start(LoopbackPort.Free()), Start(LoopbackPort.Free())];
        try
        {
            var urls = new List<Uri>();
            foreach (var server in servers)
            {
                _ = server.StandardError.ReadToEndAsync();
                var line = await ListeningAsync(server);
                Assert.True(line.StartsWith("signet: listening on ", StringComparison.Ordinal), line);
                urls.Add(new Uri(line["signet: listening on ".Length..] + "/"));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var path in (string[])["api/v1/log/publicKey", "api/v1/timestamp/certchain"])
            {
                Assert.Equal(await http.GetStringAsync(new Uri(urls[0], path)), await http.GetStringAsync(new Uri(urls[1], path)));
            }

            // The trust material both wrote lists one key of each service (the log's two: Rekor v1's and its checkpoints').
            using var root = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_dir, "trusted_root.json")));
            foreach (var (list, keys) in new[] { ("tlogs", 2), ("certificateAuthorities", 1), ("ctlogs", 1), ("timestampAuthorities", 1) })
            {
                Assert.Equal(keys, root.RootElement.GetProperty(list).GetArrayLength());
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await StopAsync(server);
            }
        }
    }

    [Fact]
    public async Task A_witness_start_waits_for_another_and_two_started_at_once_share_one_key()
    {
        // Before: two witnesses started at once on one data directory, 2 of 12 stopped ("the file DATA/witness.key already exists").
        var log = "a.test/log=" + Core.Notes.Ed25519NoteKey.Generate("a.test/log").VerifierKey;
        string[] Witness(int port) => ["witness", "serve", "--data-dir", _dir, "--listen", $"127.0.0.1:{port}", "--name", "w.test/one", "--log", log];
        var held = FileLock.TryAcquire(Path.Combine(_dir, "serve-start.lock"), exclusive: true, TimeSpan.Zero, null, CancellationToken.None);
        Assert.NotNull(held);
        Process[] witnesses = [Start(Witness(LoopbackPort.Free())), Start(Witness(LoopbackPort.Free()))];
        try
        {
            foreach (var w in witnesses)
            {
                Assert.Equal($"signet witness: waiting for another witness starting on {_dir}",
                    await w.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            }

            Assert.False(File.Exists(Path.Combine(_dir, "witness.key")));
            held.Dispose();

            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var w in witnesses)
            {
                var listening = await w.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
                Assert.True(listening?.StartsWith("signet witness: listening on ", StringComparison.Ordinal) == true, listening);
                keys.Add((await w.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!);
            }

            Assert.StartsWith("signet witness: verifier key w.test/one+", Assert.Single(keys));
        }
        finally
        {
            held.Dispose();
            foreach (var w in witnesses)
            {
                await StopAsync(w);
            }
        }
    }

    private Process Start(int port) => Start(["serve", "--data-dir", _dir, "--listen", $"127.0.0.1:{port}"]);

    private static Process Start(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args.Prepend(SignetProcess.ToolPath))
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    // The first line on stdout: "signet: listening on URL", or what the server said instead; then stdout is drained.
    private static async Task<string> ListeningAsync(Process server)
    {
        var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90))
            ?? $"exited {(server.WaitForExit(10_000) ? server.ExitCode : -1)}: {await server.StandardError.ReadToEndAsync()}";
        _ = server.StandardOutput.ReadToEndAsync();
        return line;
    }

    private static async Task StopAsync(Process server)
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        server.Dispose();
    }
}
