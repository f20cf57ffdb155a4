using System.Diagnostics;
using System.Globalization;

namespace Signet.Benchmarks.Verification;

/// <summary>
/// Whole-process comparison: <c>dotnet run -c Release --project bench/Signet.Benchmarks -- process-verify AOT_BINARY
/// [runs]</c>. Runs <c>signet verify</c> (v0.3 happy path) and <c>signet verify-bundle</c> (<c>rekor2-happy-path</c>,
/// Rekor v2 + RFC 3161) with the Native AOT binary and with <c>dotnet signet.dll</c> (the repository's
/// <c>.signet-build</c>, built by <c>./signet</c>), interleaved, each under GNU <c>/usr/bin/time</c> for its peak RSS;
/// prints the median wall time, the median and largest peak RSS, and AOT ÷ JIT.
/// </summary>
internal static class ProcessComparison
{
    private const string Identity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private const string Issuer = "https://token.actions.githubusercontent.com";

    public static int Run(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            Console.Error.WriteLine("usage: process-verify AOT_BINARY [runs]  (publish it: see README, Native AOT binary)");
            return 2;
        }

        var aot = Path.GetFullPath(args[1]);
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var root = BenchData.RepositoryRoot();
        var dll = Path.Combine(root, ".signet-build", "signet.dll");
        if (Measure(Path.Combine(root, "signet"), ["--version"]).Exit != 0 || !File.Exists(dll))
        {
            Console.Error.WriteLine("process-verify: ./signet did not build .signet-build/signet.dll");
            return 1;
        }

        var data = BenchData.ConformanceDir();
        var cases = new (string Name, string[] Args)[]
        {
            ("verify v0.3", ["verify", Path.Combine(data, "a.txt"), "--bundle", Path.Combine(data, "happy-path-v0.3", "bundle.sigstore.json"),
                "--certificate-identity", Identity, "--certificate-oidc-issuer", Issuer,
                // The production root as a file: without it verify reads the TUF trust store, which an offline
                // machine may not have (exit 4), and the run would measure a failure.
                "--trusted-root", Path.Combine(data, "..", "..", "production_trusted_root.json")]),
            ("verify-bundle rekor2", ["verify-bundle", "--bundle", Path.Combine(data, "rekor2-happy-path", "bundle.sigstore.json"),
                "--certificate-identity", Identity, "--certificate-oidc-issuer", Issuer,
                "--trusted-root", Path.Combine(data, "rekor2-happy-path", "trusted_root.json"), Path.Combine(data, "a.txt")]),
        };

        Console.WriteLine($"{"case",-22} {"build",-5} {"median s",9} {"RSS MB",7} {"max MB",7}");
        foreach (var (name, caseArgs) in cases)
        {
            var jit = new List<(double Seconds, long Kb)>();
            var native = new List<(double Seconds, long Kb)>();
            for (var i = 0; i < runs; i++)
            {
                native.Add(Checked(Measure(aot, caseArgs), name));
                jit.Add(Checked(Measure("dotnet", [dll, .. caseArgs]), name));
            }

            var (jitS, jitKb) = (Median(jit.Select(r => r.Seconds)), Median(jit.Select(r => (double)r.Kb)));
            var (aotS, aotKb) = (Median(native.Select(r => r.Seconds)), Median(native.Select(r => (double)r.Kb)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {"jit",-5} {jitS,9:F3} {jitKb / 1024,7:F1} {jit.Max(r => r.Kb) / 1024.0,7:F1}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {"aot",-5} {aotS,9:F3} {aotKb / 1024,7:F1} {native.Max(r => r.Kb) / 1024.0,7:F1}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {"ratio",-5} {aotS / jitS,9:F3} {aotKb / jitKb,7:F2}"));
        }

        return 0;
    }

    private static (double Seconds, long Kb) Checked((int Exit, double Seconds, long Kb) r, string name)
        => r.Exit == 0 ? (r.Seconds, r.Kb) : throw new InvalidOperationException($"{name}: exit {r.Exit}");

    private static double Median(IEnumerable<double> xs)
    {
        var a = xs.Order().ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[(a.Length / 2) - 1] + a[a.Length / 2]) / 2;
    }

    /// <summary>One process under <c>/usr/bin/time -f %M</c> (peak RSS in KiB); wall time by stopwatch around it.</summary>
    private static (int Exit, double Seconds, long Kb) Measure(string program, string[] args)
    {
        var rssFile = Path.GetTempFileName();
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in (string[])["-f", "%M", "-o", rssFile, program, .. args])
            {
                psi.ArgumentList.Add(a);
            }

            var clock = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            clock.Stop();
            err.Wait();
            var kb = long.TryParse(File.ReadAllText(rssFile).Trim().Split('\n')[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) ? k : 0;
            return (p.ExitCode, clock.Elapsed.TotalSeconds, kb);
        }
        finally
        {
            File.Delete(rssFile);
        }
    }
}
