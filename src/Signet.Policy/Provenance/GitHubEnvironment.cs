using System.Text.Json;
using Signet.Core;

namespace Signet.Policy.Provenance;

/// <summary>
/// The GitHub context a SLSA GitHub builder records (v0.2 <c>invocation.environment</c> with lowercase keys, v1
/// <c>internalParameters</c> with uppercase ones), read as slsa-verifier's slsaprovenance/common does: the ref and its
/// type, the branch a tag was pushed from, and the workflow_dispatch inputs.
/// </summary>
internal sealed class GitHubEnvironment(JsonElement environment, bool upperCase, string path)
{
    private string Key(string name) => upperCase ? name.ToUpperInvariant() : name;

    private string Get(string name) => ProvenanceJson.String(environment, $"{path}.{Key(name)}", Key(name));

    /// <summary>The tag ref when the build ran for a tag, "" for a branch.</summary>
    public string TagRef() => Get("github_ref_type") switch
    {
        "branch" => "",
        "tag" => Get("github_ref"),
        var t => throw new SignetFormatException($"provenance: {path}.{Key("github_ref_type")} '{t}' is neither branch nor tag"),
    };

    /// <summary>The branch ref: the ref itself for a branch; for a tag the base ref or what the event says of it.</summary>
    public string BranchRef() => Get("github_ref_type") switch
    {
        "branch" => Get("github_ref"),
        "tag" => BranchForTag(),
        var t => throw new SignetFormatException($"provenance: {path}.{Key("github_ref_type")} '{t}' is neither branch nor tag"),
    };

    /// <summary>The <c>workflow_dispatch</c> event's inputs; another trigger has none to compare.</summary>
    public JsonElement WorkflowInputs()
    {
        var trigger = Get("github_event_name");
        if (trigger != "workflow_dispatch")
        {
            throw new Core.Verification.VerificationException(Core.Verification.VerificationErrorCode.WorkflowInputsMismatch,
                $"workflow inputs: the build was triggered by '{trigger}', not workflow_dispatch");
        }

        return ProvenanceJson.Object(Payload(), $"{path}.{Key("github_event_payload")}.inputs", "inputs");
    }

    private JsonElement Payload() => ProvenanceJson.Object(environment, $"{path}.{Key("github_event_payload")}", Key("github_event_payload"));

    private string BranchForTag()
    {
        var baseRef = Get("github_base_ref");
        if (baseRef.Length > 0)
        {
            return baseRef;
        }

        // Only push events carry base_ref; a release names its branch in target_commitish.
        switch (Get("github_event_name"))
        {
            case "push":
                return Payload().TryGetProperty("base_ref", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
            case "release":
                return "refs/heads/" + ProvenanceJson.String(Payload(), $"{path}.{Key("github_event_payload")}.release.target_commitish", "release", "target_commitish");
            default:
                return "";
        }
    }
}
