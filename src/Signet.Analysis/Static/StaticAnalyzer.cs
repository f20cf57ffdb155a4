using System.Text;
using Signet.Analysis.Packages;

namespace Signet.Analysis.Static;

/// <summary>
/// The static analysis: every rule over every file of a package, without running anything. Pure: the package's bytes in,
/// findings out (sorted by severity, then file). A rule reports at most <see cref="MaxPerRuleAndFile"/> findings per file;
/// the last one says how many more there were.
/// </summary>
public static class StaticAnalyzer
{
    public const int MaxPerRuleAndFile = 3;

    /// <summary>Rules whose finding in install-time code makes it <see cref="Rules.InstallTimeBehaviour"/>.</summary>
    private static readonly string[] Escalating =
    [
        Rules.SensitiveRead, Rules.ExfilHost, Rules.IpLiteral, Rules.DnsExfil, Rules.DecodedExec, Rules.DownloadExec, Rules.CredentialExfil,
    ];

    public static IReadOnlyList<Finding> Analyze(PackageContents package)
    {
        var byFile = new Dictionary<string, FileFacts>(StringComparer.Ordinal);
        FileFacts FactsOf(string path) => byFile.TryGetValue(path, out var f) ? f : byFile[path] = new FileFacts(path);

        var jsFiles = 0;
        var minifiedJs = 0;
        foreach (var file in package.Files)
        {
            NativeBinaries.Check(package, file, FactsOf(file.Path));
            switch (file.Extension)
            {
                case ".js" or ".cjs" or ".mjs":
                    var source = Text(file);
                    JavaScriptScanner.Scan(source, FactsOf(file.Path));
                    if (source.Length >= 1024)
                    {
                        jsFiles++;
                        minifiedJs += IsMinified(source) ? 1 : 0;
                    }

                    break;
                case ".py":
                    PythonScanner.Scan(Text(file), FactsOf(file.Path));
                    break;
                case ".sh" or ".bash" or ".ps1" or ".psm1" or ".bat" or ".cmd" or ".rb":
                    Indicators.Scan(Text(file), Indicators.Context.Shell, FactsOf(file.Path));
                    break;
            }
        }

        var installTime = InstallHooks.Find(package, FactsOf);
        var findings = new List<Finding>();
        foreach (var facts in byFile.Values)
        {
            // Credentials read where the same file talks to the network.
            if (facts.Has(Rules.SensitiveRead) && (facts.UsesNetwork || facts.Has(Rules.ExfilHost) || facts.Has(Rules.IpLiteral)))
            {
                facts.Add(Rules.CredentialExfil, Severity.High, "reads " + facts.Findings.First(f => f.Rule == Rules.SensitiveRead).Evidence + " and uses the network");
            }

            if (installTime.Contains(facts.File) && Escalating.Where(facts.Has).ToArray() is { Length: > 0 } seen)
            {
                facts.Add(Rules.InstallTimeBehaviour, Severity.High, "runs at install and shows " + string.Join(", ", seen));
            }

            findings.AddRange(Capped(facts.Findings));
        }

        if (jsFiles > 0 && minifiedJs == jsFiles)
        {
            findings.Add(Finding.Of(Rules.PackedOnly, Severity.Low, PackageReader.RootOf(package) + "package.json", $"all {jsFiles} JavaScript sources are minified"));
        }

        if (Typosquat.Target(package.Ecosystem, package.Name) is { } popular)
        {
            findings.Add(Finding.Of(Rules.Typosquat, Severity.Medium, string.Empty, $"'{package.Name}' is one edit from the popular {package.Ecosystem.Name()} package '{popular}'"));
        }

        return findings.OrderByDescending(f => f.Severity).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal).ToList();
    }

    /// <summary>Minified: long lines (over 300 characters on average, one of them over 1,000).</summary>
    internal static bool IsMinified(string source)
    {
        var lines = 1;
        int longest = 0, current = 0;
        foreach (var c in source)
        {
            if (c == '\n')
            {
                lines++;
                longest = Math.Max(longest, current);
                current = 0;
            }
            else
            {
                current++;
            }
        }

        longest = Math.Max(longest, current);
        return longest > 1000 && source.Length / lines > 300;
    }

    private static IEnumerable<Finding> Capped(IReadOnlyList<Finding> findings)
    {
        foreach (var group in findings.GroupBy(f => f.Rule))
        {
            var distinct = group.DistinctBy(f => f.Evidence).ToList();
            var kept = distinct.OrderByDescending(f => f.Severity).Take(MaxPerRuleAndFile).ToList();
            if (distinct.Count > MaxPerRuleAndFile)
            {
                var last = kept[^1];
                kept[^1] = Finding.Of(last.Rule, last.Severity, last.File, $"{last.Evidence} (+{distinct.Count - MaxPerRuleAndFile} more)");
            }

            foreach (var f in kept)
            {
                yield return f;
            }
        }
    }

    private static string Text(PackageFile f) => Encoding.UTF8.GetString(f.Content.Span);
}
