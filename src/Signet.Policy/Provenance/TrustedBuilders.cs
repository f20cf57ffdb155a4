namespace Signet.Policy.Provenance;

/// <summary>
/// The builders slsa-verifier trusts (verifiers/internal/gha/builder.go and slsaprovenance/common/builders.go): the
/// SLSA GitHub generator's reusable workflows, whose identity Fulcio puts in the signing certificate, and the BYOB
/// delegators, which sign on behalf of a builder named in the provenance.
/// </summary>
internal static class TrustedBuilders
{
    public const string GitHubActionsIssuer = "https://token.actions.githubusercontent.com";

    public const string GeneratorRepository = "slsa-framework/slsa-github-generator";

    /// <summary>The repository of the generator's end-to-end builds (trusted at main only in slsa-verifier's testing mode).</summary>
    public const string EndToEndRepository = "slsa-framework/example-package";

    /// <summary>Builder IDs under this prefix are trusted BYOB builders when no builder ID is given.</summary>
    public const string GeneratorWorkflowsPrefix = "https://github.com/" + GeneratorRepository + "/.github/workflows/";

    public const string GenericGenerator = GeneratorWorkflowsPrefix + "generator_generic_slsa3.yml";
    public const string ContainerGenerator = GeneratorWorkflowsPrefix + "generator_container_slsa3.yml";
    public const string GoBuilder = GeneratorWorkflowsPrefix + "builder_go_slsa3.yml";
    public const string ContainerBasedBuilder = GeneratorWorkflowsPrefix + "builder_container-based_slsa3.yml";
    public const string GenericDelegator = GeneratorWorkflowsPrefix + "delegator_generic_slsa3.yml";
    public const string LowPermsDelegator = GeneratorWorkflowsPrefix + "delegator_lowperms-generic_slsa3.yml";

    /// <summary>The Bazel Central Registry's workflows that produce GitHub attestations (ruleset release, BCR metadata).</summary>
    public const string BcrReleaser = "https://github.com/bazel-contrib/.github/.github/workflows/release_ruleset.yaml";
    public const string BcrPublisher = "https://github.com/bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml";

    /// <summary>Reusable workflows trusted for artifacts without a builder ID (slsa-verifier defaultArtifactTrustedReusableWorkflows).</summary>
    public static readonly IReadOnlySet<string> Artifact = new HashSet<string>(StringComparer.Ordinal)
    {
        GenericGenerator, GoBuilder, ContainerBasedBuilder, GenericDelegator, LowPermsDelegator,
    };

    /// <summary>Reusable workflows trusted for images (defaultContainerTrustedReusableWorkflows, plus the delegators).</summary>
    public static readonly IReadOnlySet<string> Image = new HashSet<string>(StringComparer.Ordinal)
    {
        ContainerGenerator, GenericDelegator, LowPermsDelegator,
    };

    /// <summary>The BYOB delegators: the certificate names them, the provenance names the builder they ran.</summary>
    public static readonly IReadOnlySet<string> Delegators = new HashSet<string>(StringComparer.Ordinal) { GenericDelegator, LowPermsDelegator };
}
