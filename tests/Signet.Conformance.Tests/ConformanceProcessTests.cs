using System.Diagnostics;

namespace Signet.Conformance.Tests;

/// <summary>
/// The conformance protocol through a real <c>signet</c> process (as sigstore-conformance runs it): every one of the
/// 70 cases once, alternating the artifact-path and the digest form. (All 140 runs go through the same entry point
/// in-process in <see cref="ConformanceVerifyTests"/>; this keeps the suite fast on 2 cores.) With
/// <c>SIGNET_CLI_BINARY</c> set to an executable (the Native AOT <c>signet</c>, see README), the same runs go
/// through it instead of <c>dotnet signet.dll</c>.
/// </summary>
public sealed class ConformanceProcessTests
{
    [Fact]
    public void All_70_cases_through_the_signet_process_give_the_expected_verdict()
    {
        var runs = ConformanceCases.Names.Select((n, i) => (n, i % 2 == 1)).ToArray();
        Assert.Equal(70, runs.Length);
        var results = new (string Name, bool Digest, int Exit, string Err)[runs.Length];
        Parallel.For(0, runs.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var (name, digest) = runs[i];
            var (exit, err) = RunProcess(ConformanceProtocol.Arguments(name, digest));
            results[i] = (name, digest, exit, err);
        });

        var wrong = results.Where(r => (r.Exit == 0) != ConformanceCases.ExpectPass(r.Name)).Select(r => $"{r.Name}/{r.Digest}: exit {r.Exit} {r.Err}").ToArray();
        Assert.True(wrong.Length == 0, string.Join("\n", wrong));
        Assert.Equal(70, results.Count(r => (r.Exit == 0) == ConformanceCases.ExpectPass(r.Name)));
        Assert.Equal(21, results.Count(r => r.Exit == 0));
        Assert.All(results.Where(r => r.Exit != 0), r => Assert.Contains(r.Exit, new[] { 1, 3 }));
    }

    private static (int Exit, string Err) RunProcess(string[] args)
    {
        var binary = Environment.GetEnvironmentVariable("SIGNET_CLI_BINARY");
        var psi = new ProcessStartInfo(string.IsNullOrEmpty(binary) ? "dotnet" : Path.GetFullPath(binary))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (string.IsNullOrEmpty(binary))
        {
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "signet.dll"));
        }
        else if (!File.Exists(psi.FileName))
        {
            throw new FileNotFoundException($"SIGNET_CLI_BINARY: {psi.FileName} does not exist");
        }

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
