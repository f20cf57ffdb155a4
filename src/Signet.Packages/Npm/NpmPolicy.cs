using Signet.Core.Verification;

namespace Signet.Packages.Npm;

/// <summary>
/// What an npm package's attestations must say beyond their signatures (the checks of slsa-verifier's
/// <c>verify-npm-package</c>; each is skipped when null): the package name and version, the source repository
/// (<c>github.com/ORG/REPO</c>) and the builder id, and optionally who must have signed the provenance.
/// </summary>
public sealed record NpmPolicy
{
    /// <summary>The package name the subjects must name (scoped names with their <c>@scope/</c>).</summary>
    public string? PackageName { get; init; }

    /// <summary>The version the subjects must name.</summary>
    public string? PackageVersion { get; init; }

    /// <summary>The source repository the provenance's certificate must name, as <c>github.com/ORG/REPO</c> (a scheme is allowed).</summary>
    public string? SourceUri { get; init; }

    /// <summary>The builder id the provenance must name (slsa-verifier's <c>--builder-id</c>).</summary>
    public string? BuilderId { get; init; }

    /// <summary>Who must have signed the provenance; null = any certificate of the trusted CAs (what <c>npm audit signatures</c> accepts).</summary>
    public VerificationPolicy? ProvenanceIdentity { get; init; }
}

/// <summary>What was verified: the package, the provenance's source and builder, and both verification results.</summary>
public sealed record NpmVerification(
    string Name,
    string Version,
    string ProvenancePredicateType,
    string? SourceRepository,
    string? BuilderId,
    VerificationResult Provenance,
    VerificationResult Publish);
