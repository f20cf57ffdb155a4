using System.Diagnostics;
using System.Text.Json;

namespace Signet.Testing.Processes;

/// <summary>
/// <c>signet serve</c> as a separate process on a port the OS picks, with its own data directory: for tests that
/// need the process alone (its metrics, its exit code, its stdout). The URL comes from the "listening on" line, in
/// text or, with <c>--log-format json</c>, in the JSON log line that carries it.
/// </summary>
public sealed class ServedSignet : IAsyncDisposable
{
    private const string Listening = "signet: listening on ";
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private ServedSignet(Process process, string dataDirectory, string url, List<string> lines, Task<string> stderr)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Url = url;
        StdOutLines = lines;
        _stderr = stderr;
    }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string Url { get; }

    /// <summary>The data directory (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>The lines stdout had printed up to and including the listening line (more are collected as they come).</summary>
    public List<string> StdOutLines { get; }

    /// <summary>Starts <c>signet serve --data-dir TEMP --listen 127.0.0.1:0 ARGS</c> and waits for it to listen.</summary>
    public static Task<ServedSignet> StartAsync(params string[] args) => StartAsync(null, args);

    /// <summary>Starts <c>signet serve</c> as <see cref="StartAsync(string[])"/> with <paramref name="environment"/> added.</summary>
    public static async Task<ServedSignet> StartAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("signet-served-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "serve", "--data-dir", dir, "--listen", "127.0.0.1:0" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);
            if (line is null)
            {
                await process.WaitForExitAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"signet serve exited with {process.ExitCode} before listening: {await stderr.ConfigureAwait(false)}");
            }

            lock (lines)
            {
                lines.Add(line);
            }

            if (UrlIn(line) is { } url)
            {
                var served = new ServedSignet(process, dir, url, lines, stderr);
                _ = Task.Run(served.CollectAsync);
                return served;
            }
        }
    }

    /// <summary>Stops the process and returns what it wrote to stderr.</summary>
    public async Task<string> StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        return await _stderr.ConfigureAwait(false);
    }

    /// <summary>Stops the process and deletes the data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? UrlIn(string line)
    {
        if (line.StartsWith(Listening, StringComparison.Ordinal))
        {
            return line[Listening.Length..];
        }

        if (!line.StartsWith('{'))
        {
            return null;
        }

        using var json = JsonDocument.Parse(line);
        return json.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty(nameof(Url), out var url) ? url.GetString() : null;
    }

    private async Task CollectAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (StdOutLines)
            {
                StdOutLines.Add(line);
            }
        }
    }
}
