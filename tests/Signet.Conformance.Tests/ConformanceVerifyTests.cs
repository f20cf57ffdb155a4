using Signet.Cli;

namespace Signet.Conformance.Tests;

/// <summary>
/// All 70 sigstore-conformance bundle-verify cases × (artifact path, sha256 digest) = 140 runs, through the same
/// entry point the <c>signet</c> process uses (<see cref="Program.Run(string[], TextWriter, TextWriter)"/>), each verdict asserted.
/// </summary>
public sealed class ConformanceVerifyTests
{
    public static IEnumerable<object[]> Runs => ConformanceProtocol.Runs();

    [Theory]
    [MemberData(nameof(Runs))]
    public void Verdict_matches_the_case(string name, bool useDigest)
    {
        var (exit, stderr) = Run(ConformanceProtocol.Arguments(name, useDigest));
        if (ConformanceCases.ExpectPass(name))
        {
            Assert.True(exit == 0, $"{name} ({(useDigest ? "digest" : "path")}) should verify, exit {exit}: {stderr}");
        }
        else
        {
            var expected = ConformanceCases.InvalidInput.Contains(name) ? 3 : 1;
            Assert.True(exit == expected, $"{name} ({(useDigest ? "digest" : "path")}) should exit {expected} ({(expected == 3 ? "invalid input" : "verification failed")}), exit {exit}: {stderr}");
        }
    }

    [Fact]
    public void All_140_runs_give_the_expected_verdict()
    {
        var runs = ConformanceProtocol.Runs().ToArray();
        Assert.Equal(140, runs.Length);
        var right = 0;
        var wrong = new List<string>();
        foreach (var r in runs)
        {
            var name = (string)r[0];
            var (exit, stderr) = Run(ConformanceProtocol.Arguments(name, (bool)r[1]));
            if ((exit == 0) == ConformanceCases.ExpectPass(name))
            {
                right++;
            }
            else
            {
                wrong.Add($"{name}/{r[1]}: exit {exit} {stderr}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(140, right);
    }

    internal static (int Exit, string StdErr) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.Run(args, output, error);
        return (exit, error.ToString());
    }
}
