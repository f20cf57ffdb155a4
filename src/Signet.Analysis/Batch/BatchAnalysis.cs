using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Signet.Analysis.Packages;
using Signet.Core;

namespace Signet.Analysis.Batch;

/// <summary>One line of the batch summary: the target, and its verdict and counts, or the error that stopped it.</summary>
public sealed record BatchRow(string Target, AnalysisReport? Report, string? Error, string? ReportFile);

/// <summary>
/// <c>signet analyze --list FILE --out DIR</c>: analyses many packages in parallel, writes one report JSON per package
/// (<see cref="ReportJson"/>) and a summary table (<c>summary.tsv</c>, and <c>summary.md</c> for people).
/// One package's failure is its row's error, not the batch's.
/// </summary>
public static class BatchAnalysis
{
    /// <summary>The targets of a list file: one per line; blank lines and <c>#</c> comments skipped.</summary>
    public static IReadOnlyList<string> ReadList(string text)
    {
        var targets = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (targets.Count == 0)
        {
            throw new SignetFormatException("the list names no package");
        }

        return targets;
    }

    public static async Task<IReadOnlyList<BatchRow>> RunAsync(
        IReadOnlyList<string> targets, string outDirectory, int parallelism, Func<string, CancellationToken, Task<AnalysisReport>> analyze, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outDirectory);
        var rows = new ConcurrentDictionary<int, BatchRow>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), options, async (i, ct) =>
        {
            var target = targets[i];
            try
            {
                var report = await analyze(target, ct).ConfigureAwait(false);
                var file = FileName(report);
                await File.WriteAllTextAsync(Path.Combine(outDirectory, file), ReportJson.Write(report), ct).ConfigureAwait(false);
                rows[i] = new BatchRow(target, report, null, file);
            }
            catch (Exception e) when (e is SignetFormatException or HttpRequestException or IOException or Dynamic.SandboxUnavailableException or InvalidOperationException)
            {
                rows[i] = new BatchRow(target, null, e.Message.ReplaceLineEndings(" "), null);
            }
        }).ConfigureAwait(false);

        var ordered = Enumerable.Range(0, targets.Count).Select(i => rows[i]).ToList();
        await File.WriteAllTextAsync(Path.Combine(outDirectory, "summary.tsv"), Tsv(ordered), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(outDirectory, "summary.md"), Markdown(ordered), cancellationToken).ConfigureAwait(false);
        return ordered;
    }

    /// <summary><c>ecosystem-name-version.json</c> with the name's scope and slashes made file-safe.</summary>
    public static string FileName(AnalysisReport r)
    {
        var safe = new string($"{r.Ecosystem.Name()}-{r.Name}-{r.Version}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' ? c : '_').ToArray());
        return safe.TrimStart('.') + ".json";
    }

    public static string Tsv(IReadOnlyList<BatchRow> rows)
    {
        var sb = new StringBuilder("target\tecosystem\tname\tversion\tverdict\thigh\tmedium\tlow\treport\terror\n");
        foreach (var r in rows)
        {
            var (h, m, l) = Counts(r.Report);
            sb.Append(CultureInfo.InvariantCulture, $"{r.Target}\t{r.Report?.Ecosystem.Name()}\t{r.Report?.Name}\t{r.Report?.Version}\t{(r.Report is null ? "error" : r.Report.Verdict.Name())}\t{h}\t{m}\t{l}\t{r.ReportFile}\t{r.Error}\n");
        }

        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<BatchRow> rows)
    {
        var sb = new StringBuilder("| package | verdict | high | medium | low | top finding |\n|---|---|---:|---:|---:|---|\n");
        foreach (var r in rows)
        {
            var (h, m, l) = Counts(r.Report);
            var name = r.Report is { } rep ? $"{rep.Ecosystem.Name()}:{rep.Name}@{rep.Version}" : r.Target;
            var top = r.Report is { Findings.Count: > 0 } withFindings && withFindings.Findings[0] is var f ? $"{f.Rule}: {f.Evidence}" : r.Error ?? string.Empty;
            sb.Append(CultureInfo.InvariantCulture, $"| {name} | {(r.Report is null ? "error" : r.Report.Verdict.Name())} | {h} | {m} | {l} | {top.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return sb.ToString();
    }

    private static (int High, int Medium, int Low) Counts(AnalysisReport? r) => r is null
        ? (0, 0, 0)
        : (r.Findings.Count(f => f.Severity == Severity.High), r.Findings.Count(f => f.Severity == Severity.Medium), r.Findings.Count(f => f.Severity == Severity.Low));
}
