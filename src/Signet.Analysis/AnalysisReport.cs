using Signet.Analysis.Dynamic;
using Signet.Analysis.Packages;
using Signet.Analysis.Provenance;

namespace Signet.Analysis;

/// <summary>
/// The outcome of analysing one package: which package, the verdict, every finding (static, provenance, dynamic), the
/// provenance summary, and the dynamic trace when one was run. <see cref="ReportJson"/> writes it.
/// </summary>
public sealed record AnalysisReport(
    Ecosystem Ecosystem,
    string Name,
    string Version,
    long Bytes,
    IReadOnlyList<Finding> Findings,
    ProvenanceSummary Provenance,
    DynamicTrace? Dynamic,
    DateTimeOffset Created)
{
    public Verdict Verdict => SeverityNames.VerdictOf(Findings);

    /// <summary>Whether any finding reaches <paramref name="threshold"/> (the <c>--fail-on</c> test).</summary>
    public bool Reaches(Severity threshold) => Findings.Any(f => f.Severity >= threshold);
}
