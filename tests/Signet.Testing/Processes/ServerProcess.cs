using System.Collections.Concurrent;
using System.Diagnostics;

namespace Signet.Testing.Processes;

/// <summary><c>signet serve</c> as a separate process, started on a given data directory and port (the log alone unless
/// <c>--services</c> is given), killable with SIGKILL.</summary>
public sealed class ServerProcess : IDisposable
{
    /// <summary>Lines of output kept for <see cref="OutputTail"/>.</summary>
    public const int KeptLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ServerProcess(Process process, Uri url, ConcurrentQueue<string> output)
    {
        _process = process;
        Url = url;
        _output = output;
    }

    public Uri Url { get; }

    public static Task<ServerProcess> StartAsync(string dataDirectory, int port, params string[] extra) =>
        StartAsync(dataDirectory, port, environment: null, extra);

    /// <summary>Starts the log with <paramref name="environment"/> added to the process's (<c>SSL_CERT_FILE</c>, …).</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, int port, IReadOnlyDictionary<string, string>? environment, params string[] extra) =>
        StartAsync(openFiles: null, dataDirectory, port, environment, extra);

    /// <summary>Starts the log under an open-file limit of <paramref name="openFiles"/> (soft and hard, util-linux
    /// <c>prlimit</c>), as <c>ulimit -n</c> or systemd's <c>LimitNOFILE=</c> would set it.</summary>
    public static Task<ServerProcess> StartWithOpenFileLimitAsync(int openFiles, string dataDirectory, int port, params string[] extra) =>
        StartAsync(openFiles, dataDirectory, port, environment: null, extra);

    private static async Task<ServerProcess> StartAsync(int? openFiles, string dataDirectory, int port, IReadOnlyDictionary<string, string>? environment, string[] extra)
    {
        var psi = new ProcessStartInfo(openFiles is null ? "dotnet" : "prlimit") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] launcher = openFiles is { } n ? [$"--nofile={n}:{n}", "dotnet"] : [];
        string[] services = extra.Contains("--services") ? [] : ["--services", "log"]; // the log alone unless the test names services
        foreach (var a in launcher.Concat([SignetProcess.ToolPath, "serve", "--data-dir", dataDirectory, "--listen", $"127.0.0.1:{port}", .. services]).Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var p = Process.Start(psi)!;
        var output = new ConcurrentQueue<string>();
        p.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        p.BeginErrorReadLine();
        // Log lines (e.g. a witness that cannot be reached yet) may come before the address.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? line;
        while ((line = await p.StandardOutput.ReadLineAsync().WaitAsync(deadline - DateTime.UtcNow)) is not null
            && !line.StartsWith("signet: listening on ", StringComparison.Ordinal))
        {
            Keep(output, line);
        }

        if (line is null)
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException("signet serve did not start: " + line);
        }

        _ = Task.Run(async () =>
        {
            // The server logs warnings and errors (an unhandled failure with its stack trace) to standard output.
            try
            {
                while (await p.StandardOutput.ReadLineAsync() is { } more)
                {
                    Keep(output, more);
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException)
            {
                // The process was disposed while a line was being read: nothing more to keep.
            }
        });
        return new ServerProcess(p, new Uri(line["signet: listening on ".Length..] + "/"), output);
    }

    /// <summary>The last <see cref="KeptLines"/> lines the server wrote (both streams; those before it listened too), for
    /// a failing test to show what the server logged.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output);

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > KeptLines && output.TryDequeue(out _))
        {
        }
    }
}
