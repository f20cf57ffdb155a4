using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Signet.Benchmarks.Verification;

/// <summary>
/// Wall time of one whole-process <c>./signet verify</c> of the v0.3 happy path (process start, runtime load, trust
/// root parse, verification, exit), against the baseline of <c>./signet --version</c> (runtime start alone).
/// </summary>
public class ProcessVerifyBenchmarks
{
    private string[] _verifyArgs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = BenchData.ConformanceDir();
        _verifyArgs =
        [
            "verify", Path.Combine(data, "a.txt"),
            "--bundle", Path.Combine(data, "happy-path-v0.3", "bundle.sigstore.json"),
            "--certificate-identity", "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
            "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
        ];
        if (Run(_verifyArgs) != 0)
        {
            throw new InvalidOperationException("signet verify does not verify the benchmark bundle");
        }
    }

    [Benchmark(Baseline = true, Description = "signet --version (process start)")]
    public int Version() => Run(["--version"]);

    [Benchmark(Description = "signet verify v0.3 (whole process)")]
    public int Verify() => Run(_verifyArgs);

    private static int Run(string[] args)
    {
        // The repository's ./signet launcher, as a user runs it (it rebuilds only when sources changed).
        var psi = new ProcessStartInfo(Path.Combine(BenchData.RepositoryRoot(), "signet")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}
