using System.Text.RegularExpressions;

namespace Signet.Cli.Tests.Hostile;

/// <summary>
/// Issue 14 item 1, CLI half: every case of <see cref="CliCorpus"/> ends with a documented exit code (never 70, the
/// code of a bug) and one readable line on standard error naming the command, with no stack trace.
/// </summary>
public sealed partial class HostileCliTests
{
    /// <summary>Success is allowed too: some breakages leave a file valid (a trailing newline cut, CRLF in a PEM).</summary>
    public static TheoryData<string> Cases() => [.. CliCorpus.All.Keys];

    [Fact]
    public void The_corpus_breaks_every_file_the_cli_reads()
    {
        Assert.True(CliCorpus.All.Count >= 300, $"only {CliCorpus.All.Count} cases");
        foreach (var input in new[] { "verify --bundle", "verify --trusted-root", "sign --signing-config", "trust init --root", "checkpoint verify", "verify --key", "policy test --policy", "import-key-pair --key" })
        {
            Assert.Contains(CliCorpus.All.Keys, k => k.StartsWith(input + " ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_input_gets_one_line_and_a_documented_exit_code(string id)
    {
        var c = CliCorpus.All[id];
        var dir = Directory.CreateTempSubdirectory("signet-hostile-").FullName;
        try
        {
            Write(dir, c);
            var args = c.Args.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal)).ToArray();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await Task.Run(() => Program.Run(args, output, error)).WaitAsync(TimeSpan.FromMinutes(2));

            var stderr = error.ToString();
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(c.Allowed.Contains(exit), $"{id}: exit {exit}: {stderr}");
            Assert.DoesNotMatch(StackTrace(), stderr);
            Assert.DoesNotMatch(StackTrace(), output.ToString());
            if (exit == 1 && lines.Length == 0)
            {
                // A check that ran and failed may report on standard output instead (policy test prints each
                // authority's verdict there).
                Assert.NotEmpty(output.ToString().Trim());
            }
            else if (exit is not (0 or 2))
            {
                // A usage error prints the parser's message and help; every other failure is one line from the runner.
                var line = Assert.Single(lines);
                Assert.Matches("^signet[ :]", line);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Write(string dir, CliCase c)
    {
        foreach (var (name, bytes) in CliCorpus.BaseFiles.Concat(c.Extra))
        {
            var path = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        if (ReferenceEquals(c.Input, Breakages.Huge))
        {
            using var huge = File.Create(Path.Combine(dir, "input"));
            huge.SetLength(70L * 1024 * 1024);
        }
        else if (c.Input is not null)
        {
            File.WriteAllBytes(Path.Combine(dir, "input"), c.Input);
        }
    }

    /// <summary>What .NET prints for a stack frame or an exception's type name.</summary>
    [GeneratedRegex(@"\bat [A-Za-z_][\w.`<>]*\.[\w<>`]+\(|\.cs:line \d|--- End of|System\.[A-Za-z.]+Exception\b|Signet\.[A-Za-z.]+Exception\b")]
    private static partial Regex StackTrace();
}
