using Signet.Analysis.Packages;

namespace Signet.Analysis.Provenance;

/// <summary>
/// Finds and verifies the Sigstore provenance a package carries, and says what it names. The seam the ecosystems work
/// fills in per ecosystem (npm attestations, PEP 740, NuGet-embedded bundles); <see cref="NuGetEmbeddedProvenance"/> is the
/// implementation that exists today.
/// </summary>
public interface IProvenanceSource
{
    /// <summary>Whether this source knows how provenance is carried in <paramref name="ecosystem"/>.</summary>
    bool Supports(Ecosystem ecosystem);

    /// <summary>The verified summary: <see cref="ProvenanceStatus.None"/> when the package carries nothing, <see cref="ProvenanceStatus.Invalid"/> when what it carries fails.</summary>
    Task<ProvenanceSummary> VerifyAsync(PackageContents package, CancellationToken cancellationToken);

    /// <summary>
    /// The provenance of the version before <paramref name="package"/>'s, when this source finds that version itself
    /// (PyPI: the index's release list and integrity API, without downloading the files); null when it does not or
    /// there is no earlier version. The analyzer asks only when the package has no provenance of its own.
    /// </summary>
    Task<ProvenanceSummary?> PreviousAsync(PackageContents package, CancellationToken cancellationToken);
}

/// <summary>What a package's provenance says, after verification.</summary>
public enum ProvenanceStatus
{
    /// <summary>No provenance in or for the package.</summary>
    None,

    /// <summary>Every provenance bundle verified.</summary>
    Verified,

    /// <summary>Provenance is present but at least one bundle failed verification.</summary>
    Invalid,

    /// <summary>No provenance source knows this ecosystem yet.</summary>
    Unsupported,
}

/// <summary>
/// The verified facts: the source repository and the builder (Fulcio's Source Repository URI and Build Signer URI
/// extensions, 1.3.6.1.4.1.57264.1.12 and .9), how many bundles, and why verification failed when it did.
/// </summary>
public sealed record ProvenanceSummary(ProvenanceStatus Status, string? SourceRepository, string? Builder, int Bundles, string? Detail)
{
    public static ProvenanceSummary None { get; } = new(ProvenanceStatus.None, null, null, 0, null);

    public static ProvenanceSummary Unsupported { get; } = new(ProvenanceStatus.Unsupported, null, null, 0, null);
}
