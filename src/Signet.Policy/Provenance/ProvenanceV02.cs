using System.Text.Json;
using Signet.Core.InToto;

namespace Signet.Policy.Provenance;

/// <summary>
/// SLSA provenance v0.2 from the generic and Go generators: the trigger is <c>invocation.configSource.uri</c>, the
/// source <c>materials[0].uri</c>, the GitHub context <c>invocation.environment</c> (lowercase keys).
/// </summary>
internal sealed class ProvenanceV02(JsonElement p) : SlsaProvenance(
    SlsaPredicateTypes.V02, p, ProvenanceJson.String(p, "predicate.builder.id", "builder", "id"), ProvenanceJson.String(p, "predicate.buildType", "buildType"))
{
    private GitHubEnvironment Environment =>
        new(ProvenanceJson.Object(Predicate, "predicate.invocation.environment", "invocation", "environment"), upperCase: false, "predicate.invocation.environment");

    public override string SourceUri() => ProvenanceJson.FirstUri(Predicate, "predicate.materials", "materials");

    public override string TriggerUri() => ProvenanceJson.String(Predicate, "predicate.invocation.configSource.uri", "invocation", "configSource", "uri");

    public override string BranchRef() => Environment.BranchRef();

    public override string TagRef() => Environment.TagRef();

    public override JsonElement WorkflowInputs() => Environment.WorkflowInputs();
}
