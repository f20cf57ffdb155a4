namespace Signet.Policy.Provenance;

/// <summary>Deployment settings of provenance verification, apart from what a call requires.</summary>
public sealed record ProvenanceOptions
{
    /// <summary>Production rules: every builder at a release tag vX.Y.Z.</summary>
    public static ProvenanceOptions Default { get; } = new();

    /// <summary>
    /// slsa-verifier's testing mode (<c>SLSA_VERIFIER_TESTING</c>), under which its regression suite runs: builds whose
    /// source is slsa-framework/example-package or slsa-framework/slsa-github-generator may use a builder at
    /// <c>refs/heads/main</c> or a pre-release tag. Never for trust decisions: a builder at a branch is whatever that
    /// branch holds today.
    /// </summary>
    public bool SlsaGeneratorEndToEndTestsUnsafe { get; init; }
}
