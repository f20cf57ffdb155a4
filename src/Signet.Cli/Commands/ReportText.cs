using System.Globalization;
using System.Text;
using Signet.Analysis;
using Signet.Analysis.Packages;
using Signet.Analysis.Provenance;

namespace Signet.Cli.Commands;

/// <summary>The human-readable form of an analysis report: a verdict line, the findings as a table, provenance, and the dynamic run in brief.</summary>
internal static class ReportText
{
    public static string Write(AnalysisReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"{r.Ecosystem.Name()}:{r.Name}@{r.Version}  verdict: {r.Verdict.Name()}  ({Count(r, Severity.High)} high, {Count(r, Severity.Medium)} medium, {Count(r, Severity.Low)} low; {r.Bytes:N0} bytes)");
        foreach (var f in r.Findings)
        {
            sb.AppendLine(c, $"  {f.Severity.Name(),-6}  {f.Rule,-24}  {(f.File.Length == 0 ? "(package)" : f.File)}: {f.Evidence}");
        }

        var p = r.Provenance;
        sb.AppendLine(p.Status switch
        {
            ProvenanceStatus.Verified => $"provenance: verified ({p.Bundles} bundles), source {p.SourceRepository}, builder {p.Builder}",
            ProvenanceStatus.Invalid => $"provenance: INVALID: {p.Detail}",
            ProvenanceStatus.None => "provenance: none",
            _ => $"provenance: not checked (no {r.Ecosystem.Name()} provenance reader yet)",
        });
        if (r.Dynamic is { } d)
        {
            foreach (var phase in d.Phases)
            {
                sb.AppendLine(c, $"dynamic {phase.Phase}: {phase.Status}{(phase.ExitCode is { } code ? $" (exit {code})" : string.Empty)}; {phase.Commands.Count} commands, {phase.Files.Count(f => f.Write)} files written, {phase.Sockets.Count} sockets, {phase.Dns.Count} DNS questions");
            }
        }

        return sb.ToString().TrimEnd();
    }

    private static int Count(AnalysisReport r, Severity s) => r.Findings.Count(f => f.Severity == s);
}
