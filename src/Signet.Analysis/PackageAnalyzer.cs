using Signet.Analysis.Dynamic;
using Signet.Analysis.Packages;
using Signet.Analysis.Provenance;
using Signet.Analysis.Static;

namespace Signet.Analysis;

/// <summary>
/// Runs the analysis of one package: the static rules (always), provenance (when a source knows the ecosystem; compared
/// with the previous version's when that is given), and the sandbox (when asked). Composes the pure parts with the two
/// seams, <see cref="IProvenanceSource"/> and <see cref="ISandbox"/>.
/// </summary>
public sealed class PackageAnalyzer(IProvenanceSource? provenance, ISandbox? sandbox, IReadOnlyCollection<string>? registryHosts = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <param name="package">The package as read by <see cref="PackageReader"/>.</param>
    /// <param name="packagePath">The package file on disk (the sandbox installs from it); needed only with <paramref name="dynamic"/>.</param>
    /// <param name="previous">The previous version of the package, for the provenance-lost rule; null to let the provenance source find it (<see cref="IProvenanceSource.PreviousAsync"/>).</param>
    /// <param name="dynamic">Whether to run the package in the sandbox.</param>
    /// <param name="cancellationToken">Stops the analysis (and the sandbox run, if any).</param>
    public async Task<AnalysisReport> AnalyzeAsync(PackageContents package, string? packagePath, PackageContents? previous, bool dynamic, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>(StaticAnalyzer.Analyze(package));

        var summary = ProvenanceSummary.Unsupported;
        if (provenance is not null && provenance.Supports(package.Ecosystem))
        {
            summary = await provenance.VerifyAsync(package, cancellationToken).ConfigureAwait(false);
            // Lost provenance: only a package without provenance of its own is compared with the version before it, given
            // as a package (npm:, nuget: targets) or found by the source itself (PyPI's index).
            var before = summary.Status != ProvenanceStatus.None ? null
                : previous is not null ? await provenance.VerifyAsync(previous, cancellationToken).ConfigureAwait(false)
                : await provenance.PreviousAsync(package, cancellationToken).ConfigureAwait(false);
            findings.AddRange(ProvenanceRules.Evaluate(package, summary, before));
        }

        DynamicTrace? trace = null;
        if (dynamic)
        {
            if (sandbox is null || packagePath is null)
            {
                throw new InvalidOperationException("dynamic analysis needs a sandbox and the package file");
            }

            trace = await sandbox.RunAsync(new SandboxRequest(package.Ecosystem, package.Name, packagePath, ImportNames.Of(package)), cancellationToken).ConfigureAwait(false);
            findings.AddRange(TraceRules.Evaluate(trace, registryHosts ?? []));
        }

        var ordered = findings.OrderByDescending(f => f.Severity).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal).ToList();
        return new AnalysisReport(package.Ecosystem, package.Name, package.Version, package.TotalBytes, ordered, summary, trace, _time.GetUtcNow());
    }
}
