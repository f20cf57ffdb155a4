using System.Diagnostics;

namespace Signet.Testing.Processes;

/// <summary>
/// The npm peers installed by <c>.ci/run</c> in <c>tests/interop</c> (or <c>$SIGNET_NPM_PEERS</c>): a long-running node
/// process started by a test, read until it prints its first line, and killed on dispose.
/// </summary>
public sealed class NodePeer : IDisposable
{
    private readonly Process _process;

    private NodePeer(Process process, string firstLine)
    {
        _process = process;
        FirstLine = firstLine;
    }

    public string FirstLine { get; }

    public static string Folder
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SIGNET_NPM_PEERS") is { Length: > 0 } env)
            {
                return env;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "interop");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return Directory.Exists(Path.Combine(candidate, "node_modules"))
                        ? candidate
                        : throw new InvalidOperationException($"{candidate}: npm peers not installed (run .ci/run or npm install there)");
                }
            }

            throw new InvalidOperationException("tests/interop not found above " + AppContext.BaseDirectory);
        }
    }

    public static NodePeer Start(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder };
        psi.ArgumentList.Add(Path.Combine(Folder, script));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        var line = p.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is null)
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"node {script} did not start: {p.StandardError.ReadToEnd()}");
        }

        return new NodePeer(p, line.Result);
    }

    /// <summary>Runs a node CLI from node_modules/.bin to completion (bounded).</summary>
    public static (int ExitCode, string Output) Run(string bin, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(Path.Combine(Folder, "node_modules", ".bin", bin))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Folder,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{bin} did not finish in {timeout}");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
