using System.Diagnostics;

namespace Signet.Conformance.Tests;

/// <summary>
/// The conformance protocol through a real <c>signet</c> process (as sigstore-conformance runs it): every case with
/// the artifact path and with the digest, in one test so the 140 process starts run on a few threads.
/// </summary>
public sealed class ConformanceProcessTests
{
    [Fact]
    public void All_140_runs_through_the_signet_process_give_the_expected_verdict()
    {
        var runs = ConformanceProtocol.Runs().Select(r => ((string)r[0], (bool)r[1])).ToArray();
        Assert.Equal(140, runs.Length);
        var results = new (string Name, bool Digest, int Exit, string Err)[runs.Length];
        Parallel.For(0, runs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (name, digest) = runs[i];
            var (exit, err) = RunProcess(ConformanceProtocol.Arguments(name, digest));
            results[i] = (name, digest, exit, err);
        });

        var wrong = results.Where(r => (r.Exit == 0) != ConformanceCases.ExpectPass(r.Name)).Select(r => $"{r.Name}/{r.Digest}: exit {r.Exit} {r.Err}").ToArray();
        Assert.True(wrong.Length == 0, string.Join("\n", wrong));
        Assert.Equal(140, results.Count(r => (r.Exit == 0) == ConformanceCases.ExpectPass(r.Name)));
        Assert.Equal(42, results.Count(r => r.Exit == 0));
        Assert.All(results.Where(r => r.Exit != 0), r => Assert.Contains(r.Exit, new[] { 1, 3 }));
    }

    private static (int Exit, string Err) RunProcess(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "signet.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(true);
            throw new TimeoutException(string.Join(' ', args));
        }

        return (p.ExitCode, err.Result);
    }
}
