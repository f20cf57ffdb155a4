using System.Text.Json;
using Signet.Core;
using Signet.Core.InToto;

namespace Signet.Policy.Provenance;

/// <summary>
/// SLSA provenance v1 from the BYOB delegators (source <c>resolvedDependencies[0]</c>, ref from it), the container-based
/// builder (source <c>externalParameters.source</c>, GitHub context in <c>internalParameters</c>), and GitHub's build
/// attestations (<c>externalParameters.workflow</c> names repository and ref). The BYOB and container-based builders
/// record the triggering workflow as <c>internalParameters.GITHUB_WORKFLOW_REF</c> (ORG/REPO/PATH@REF).
/// </summary>
internal sealed class ProvenanceV1(JsonElement p, string buildType) : SlsaProvenance(
    SlsaPredicateTypes.V1, p, ProvenanceJson.String(p, "predicate.runDetails.builder.id", "runDetails", "builder", "id"), buildType)
{
    private const string Internal = "predicate.buildDefinition.internalParameters";

    private JsonElement InternalParameters => ProvenanceJson.Object(Predicate, Internal, "buildDefinition", "internalParameters");

    private bool IsGitHubAttestation => BuildType == SlsaPredicateTypes.GitHubWorkflowBuildType;

    public override string SourceUri() => BuildType == ContainerBasedBuildType
        ? ProvenanceJson.String(Predicate, "predicate.buildDefinition.externalParameters.source.uri", "buildDefinition", "externalParameters", "source", "uri")
        : ProvenanceJson.FirstUri(Predicate, "predicate.buildDefinition.resolvedDependencies", "buildDefinition", "resolvedDependencies");

    public override string TriggerUri()
    {
        if (IsGitHubAttestation)
        {
            var (repository, gitRef) = AttestedWorkflow();
            return $"git+{repository}@{gitRef}";
        }

        var workflowRef = ProvenanceJson.String(InternalParameters, Internal + ".GITHUB_WORKFLOW_REF", "GITHUB_WORKFLOW_REF");
        var parts = workflowRef.Split('@');
        var path = parts[0].Split('/');
        if (parts.Length != 2 || path.Length < 2 || parts[1].Length == 0)
        {
            throw new SignetFormatException($"provenance: {Internal}.GITHUB_WORKFLOW_REF '{workflowRef}' is not ORG/REPO/PATH@REF");
        }

        return $"git+https://github.com/{path[0]}/{path[1]}@{parts[1]}";
    }

    public override string BranchRef() => BuildType switch
    {
        ByobBuildType => SourceRef(),
        SlsaPredicateTypes.GitHubWorkflowBuildType => AttestedWorkflow().Ref,
        _ => Environment.BranchRef(),
    };

    public override string TagRef() => BuildType switch
    {
        ByobBuildType => SourceRef(),
        SlsaPredicateTypes.GitHubWorkflowBuildType => AttestedWorkflow().Ref,
        _ => Environment.TagRef(),
    };

    public override JsonElement WorkflowInputs() => IsGitHubAttestation
        ? ProvenanceJson.Object(Predicate, "predicate.buildDefinition.externalParameters.workflow.inputs", "buildDefinition", "externalParameters", "workflow", "inputs")
        : Environment.WorkflowInputs();

    private GitHubEnvironment Environment => new(InternalParameters, upperCase: true, Internal);

    /// <summary>The ref of the source URI (the BYOB builders record the triggering ref there).</summary>
    private string SourceRef() => GitRefs.SplitUriAndRef(SourceUri(), "source").Ref;

    private (string Repository, string Ref) AttestedWorkflow()
    {
        const string path = "predicate.buildDefinition.externalParameters.workflow";
        var workflow = ProvenanceJson.Object(Predicate, path, "buildDefinition", "externalParameters", "workflow");
        return (ProvenanceJson.String(workflow, path + ".repository", "repository"), ProvenanceJson.String(workflow, path + ".ref", "ref"));
    }
}
