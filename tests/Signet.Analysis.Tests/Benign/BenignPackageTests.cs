using Signet.Analysis.Static;
using Xunit.Abstractions;

namespace Signet.Analysis.Tests.Benign;

/// <summary>
/// Popular real packages, pinned, from npm and NuGet: the static analysis must give none of them a <c>high</c> finding.
/// Lower findings are expected (install scripts of esbuild and core-js, webpack's vm use, managed DLLs) and printed.
/// </summary>
public sealed class BenignPackageTests(ITestOutputHelper output)
{
    /// <summary>The benign set: 20 npm packages and 14 NuGet packages, versions pinned.</summary>
    public static readonly string[] Specs =
    [
        "npm:lodash@4.17.21", "npm:react@18.3.1", "npm:express@4.21.2", "npm:chalk@5.3.0", "npm:axios@1.7.9",
        "npm:commander@12.1.0", "npm:debug@4.4.0", "npm:uuid@11.0.3", "npm:moment@2.30.1", "npm:typescript@5.7.2",
        "npm:webpack@5.97.1", "npm:semver@7.6.3", "npm:yargs@17.7.2", "npm:ws@8.18.0", "npm:dotenv@16.4.7",
        "npm:esbuild@0.24.2", "npm:core-js@3.39.0", "npm:vue@3.5.13", "npm:jquery@3.7.1", "npm:zod@3.24.1",
        "nuget:Newtonsoft.Json@13.0.3", "nuget:Serilog@4.2.0", "nuget:Dapper@2.1.66", "nuget:Polly@8.5.2",
        "nuget:FluentValidation@11.11.0", "nuget:Moq@4.20.72", "nuget:Humanizer.Core@2.14.1", "nuget:CsvHelper@33.0.1",
        "nuget:YamlDotNet@16.3.0", "nuget:OpenTelemetry@1.21.0", "nuget:Grpc.Tools@2.67.0", "nuget:StackExchange.Redis@2.8.16",
        "nuget:Castle.Core@5.1.1", "nuget:Npgsql@9.0.3",
    ];

    public static TheoryData<string> Packages => new(Specs);

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task A_popular_package_has_no_high_finding(string spec)
    {
        var (_, package) = await RegistryCache.GetAsync(spec);
        var findings = StaticAnalyzer.Analyze(package);
        output.WriteLine($"{spec}: {package.TotalBytes:N0} bytes, {findings.Count} findings ({findings.Count(f => f.Severity == Severity.Medium)} medium)");
        foreach (var f in findings.Where(f => f.Severity >= Severity.Medium))
        {
            output.WriteLine($"  {f.Severity} {f.Rule} {f.File}: {f.Evidence}");
        }

        Assert.DoesNotContain(findings, f => f.Severity == Severity.High);
    }

    [Fact]
    public void The_set_has_at_least_thirty_packages_from_npm_and_NuGet()
    {
        Assert.True(Specs.Length >= 30);
        Assert.Contains(Specs, s => s.StartsWith("npm:", StringComparison.Ordinal));
        Assert.Contains(Specs, s => s.StartsWith("nuget:", StringComparison.Ordinal));
    }
}
