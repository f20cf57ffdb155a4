using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Operations;

/// <summary>
/// <c>signet serve</c> under an open-file limit (<c>ulimit -n</c>, systemd's <c>LimitNOFILE=</c>). Kestrel accepted
/// connections without bound, so 1,200 idle connections used up a limit of 1,024 and, seconds later, the .NET runtime
/// aborted the whole server ("Out of memory.": it could not make the pipe of a new thread). Now the server keeps
/// descriptors for itself, closes connections beyond what is left, says so when it starts, and serves again once the
/// flood is gone; a limit too low to run on is one line and exit 5.
/// </summary>
public sealed class OpenFileLimitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-nofile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task More_idle_connections_than_the_open_file_limit_allows_do_not_bring_the_server_down()
    {
        var port = LoopbackPort.Free();
        using var server = await ServerProcess.StartWithOpenFileLimitAsync(1024, Path.Combine(_dir, "data"), port);
        Assert.Contains("at most 512 connections at once: the open-file limit is 1024", server.OutputTail, StringComparison.Ordinal);

        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < 1200; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                flood.Add(s);
                await s.ConnectAsync(IPAddress.Loopback, port);
            }

            // Before, the server aborted within seconds of its descriptors running out (its background work needs threads).
            var held = Stopwatch.StartNew();
            while (held.Elapsed < TimeSpan.FromSeconds(12))
            {
                Assert.False(server.HasExited, "the server exited under the connection flood:\n" + server.OutputTail);
                await Task.Delay(500);
            }
        }
        finally
        {
            flood.ForEach(s => s.Dispose());
        }

        Assert.Contains("rejected because the maximum number of concurrent connections has been reached", server.OutputTail, StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var served = false;
        for (var i = 0; i < 50 && !served; i++)
        {
            try
            {
                served = (await http.GetAsync(new Uri(server.Url, "api/v1/log"))).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        Assert.True(served, "the log did not answer after the flood:\n" + server.OutputTail);
        Assert.False(server.HasExited);
    }

    [Theory]
    [InlineData(256, new string[0], "the open-file limit is 256: a server keeps 512 descriptors for itself")]
    [InlineData(1024, new[] { "--max-connections", "600" }, "--max-connections 600 is more than the open-file limit of 1024 leaves room for (512")]
    public void An_open_file_limit_the_server_cannot_run_on_is_one_line_and_exit_5(int openFiles, string[] extra, string expected)
    {
        var r = SignetProcess.Run(
            [$"--nofile={openFiles}:{openFiles}", "dotnet", SignetProcess.ToolPath, "serve", "--data-dir", _dir, "--listen", "127.0.0.1:0", "--services", "log", .. extra],
            workingDirectory: null, environment: null, stdin: null, program: "prlimit");

        Assert.True(r.ExitCode == 5, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("signet serve: configuration: " + expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_one_connection_is_a_usage_error()
    {
        var r = SignetProcess.Run("serve", "--data-dir", _dir, "--listen", "127.0.0.1:0", "--max-connections", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--max-connections 0: at least 1", r.StdErr, StringComparison.Ordinal);
    }
}
