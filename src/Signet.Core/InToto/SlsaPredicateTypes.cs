namespace Signet.Core.InToto;

/// <summary>
/// The in-toto predicate types of SLSA provenance (slsa.dev/spec/v1.0/provenance, slsa.dev/provenance/v0.2) and the
/// build type of GitHub's own workflow provenance (actions.github.io/buildtypes/workflow/v1): the one home of these
/// URIs for the signer, the policy and the package verifiers.
/// </summary>
public static class SlsaPredicateTypes
{
    /// <summary>SLSA provenance v0.2.</summary>
    public const string V02 = "https://slsa.dev/provenance/v0.2";

    /// <summary>SLSA provenance v1.</summary>
    public const string V1 = "https://slsa.dev/provenance/v1";

    /// <summary>The build type GitHub's own provenance uses for a workflow run.</summary>
    public const string GitHubWorkflowBuildType = "https://actions.github.io/buildtypes/workflow/v1";
}
