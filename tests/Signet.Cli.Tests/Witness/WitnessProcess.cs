using System.Diagnostics;

namespace Signet.Cli.Tests.Witness;

/// <summary><c>signet witness serve</c> as a separate process on a given data directory and port, as operators run it.</summary>
public sealed class WitnessProcess : IDisposable
{
    private readonly Process _process;

    private WitnessProcess(Process process, Uri url, string verifierKey)
    {
        _process = process;
        Url = url;
        VerifierKey = verifierKey;
    }

    public Uri Url { get; }

    /// <summary>The verifier key the witness printed at start.</summary>
    public string VerifierKey { get; }

    /// <summary><c>URL=VKEY</c>, as <c>signet serve --witness</c> takes it.</summary>
    public string Flag => Url.ToString().TrimEnd('/') + "=" + VerifierKey;

    public static Task<WitnessProcess> StartAsync(string dataDirectory, int port, string name, params string[] logs) =>
        StartAsync(dataDirectory, port, name, logs, options: [], environment: null);

    /// <summary>Starts a witness with more <paramref name="options"/> (<c>--key …</c>) and <paramref name="environment"/>.</summary>
    public static async Task<WitnessProcess> StartAsync(
        string dataDirectory, int port, string name, string[] logs, string[] options, IReadOnlyDictionary<string, string>? environment)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { SignetProcess.ToolPath, "witness", "serve", "--data-dir", dataDirectory, "--listen", $"127.0.0.1:{port}", "--name", name }.Concat(options))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        foreach (var log in logs)
        {
            psi.ArgumentList.Add("--log");
            psi.ArgumentList.Add(log);
        }

        var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var listening = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var vkey = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (listening is null || !listening.StartsWith("signet witness: listening on ", StringComparison.Ordinal) || vkey is null)
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"signet witness serve did not start: {listening} {await stderr}");
        }

        _ = p.StandardOutput.ReadToEndAsync();
        return new WitnessProcess(p, new Uri(listening["signet witness: listening on ".Length..] + "/"), vkey["signet witness: verifier key ".Length..]);
    }

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
}
