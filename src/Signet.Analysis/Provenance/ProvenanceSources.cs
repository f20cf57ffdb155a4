using Signet.Analysis.Packages;

namespace Signet.Analysis.Provenance;

/// <summary>Several provenance sources as one: each package goes to the first source that supports its ecosystem.</summary>
public sealed class ProvenanceSources(params IProvenanceSource[] sources) : IProvenanceSource
{
    public bool Supports(Ecosystem ecosystem) => sources.Any(s => s.Supports(ecosystem));

    public Task<ProvenanceSummary> VerifyAsync(PackageContents package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        return sources.FirstOrDefault(s => s.Supports(package.Ecosystem)) is { } source
            ? source.VerifyAsync(package, cancellationToken)
            : Task.FromResult(ProvenanceSummary.Unsupported);
    }

    public Task<ProvenanceSummary?> PreviousAsync(PackageContents package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        return sources.FirstOrDefault(s => s.Supports(package.Ecosystem)) is { } source
            ? source.PreviousAsync(package, cancellationToken)
            : Task.FromResult<ProvenanceSummary?>(null);
    }
}
