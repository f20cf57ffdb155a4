using Signet.Analysis.Static;
using Signet.Analysis.Tests.Samples;

namespace Signet.Analysis.Tests.Static;

internal static class RuleAssert
{
    public static IReadOnlyList<Finding> Analyze(SamplePackage sample) => StaticAnalyzer.Analyze(sample.Read());

    /// <summary>Asserts a finding of <paramref name="rule"/> at <paramref name="severity"/> in <paramref name="file"/> (archive path) and returns it.</summary>
    public static Finding Has(IReadOnlyList<Finding> findings, string rule, Severity severity, string? file = null)
    {
        var match = findings.FirstOrDefault(f => f.Rule == rule && f.Severity == severity && (file is null || f.File == file));
        Assert.True(match is not null, $"expected {rule} ({severity}){(file is null ? string.Empty : " in " + file)}; got:\n" + string.Join("\n", findings.Select(f => $"  {f.Severity} {f.Rule} {f.File}: {f.Evidence}")));
        return match!;
    }

    public static void HasNot(IReadOnlyList<Finding> findings, string rule)
        => Assert.True(findings.All(f => f.Rule != rule), $"did not expect {rule}; got:\n" + string.Join("\n", findings.Where(f => f.Rule == rule).Select(f => $"  {f.Severity} {f.Rule} {f.File}: {f.Evidence}")));
}
