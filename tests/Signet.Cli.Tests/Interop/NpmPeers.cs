using System.Diagnostics;

namespace Signet.Cli.Tests.Interop;

/// <summary>
/// sigstore-js (<c>@sigstore/cli</c> 0.10.3) and <c>@tufjs/repo-mock</c>, installed from npm into the repository's
/// <c>tests/interop</c> folder (by <c>.ci/run</c>, or here on first use), run as real processes.
/// </summary>
public static class NpmPeers
{
    private static readonly Lazy<string> s_folder = new(Install);

    /// <summary>The folder holding <c>package.json</c> and <c>node_modules</c>.</summary>
    public static string Folder => s_folder.Value;

    public static string SigstoreCli => Path.Combine(Folder, "node_modules", "@sigstore", "cli", "bin", "run");

    private static string Install()
    {
        var folder = Environment.GetEnvironmentVariable("SIGNET_NPM_PEERS") ?? FindRepositoryFolder();
        if (!File.Exists(Path.Combine(folder, "node_modules", "@sigstore", "cli", "package.json"))
            || !File.Exists(Path.Combine(folder, "node_modules", "@tufjs", "repo-mock", "package.json")))
        {
            using var lockFile = AcquireLock(Path.Combine(folder, ".install.lock"));
            if (!File.Exists(Path.Combine(folder, "node_modules", "@sigstore", "cli", "package.json")))
            {
                var r = Run("npm", ["install", "--no-audit", "--no-fund", "--silent"], folder, null, TimeSpan.FromMinutes(5));
                if (r.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm install in {folder} failed: {r.StdErr}");
                }
            }
        }

        return folder;
    }

    private static string FindRepositoryFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/interop/package.json not found above " + AppContext.BaseDirectory);
    }

    private static FileStream AcquireLock(string path)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (i < 600)
            {
                Thread.Sleep(500);
            }
        }
    }

    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(string file, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}");
        }

        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs <c>sigstore</c> (the @sigstore/cli binary) with node.</summary>
    public static Result Sigstore(IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        Run("node", [SigstoreCli, .. args], workingDirectory, environment, TimeSpan.FromMinutes(2));
}
