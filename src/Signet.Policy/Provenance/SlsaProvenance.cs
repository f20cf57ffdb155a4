using System.Text.Json;
using Signet.Core;
using Signet.Core.InToto;

namespace Signet.Policy.Provenance;

/// <summary>
/// What slsa-verifier reads from a SLSA provenance statement (slsaprovenance/iface): the builder ID, the source and
/// trigger URIs, the triggering ref (branch or tag) and the workflow inputs. Made by <see cref="Parse"/> for SLSA
/// provenance v0.2 (generic and Go generators) and v1 (BYOB delegator builders, the container-based builder, GitHub's
/// own build attestations). All JSON reading of provenance happens here and in <see cref="GitHubEnvironment"/>.
/// </summary>
internal abstract class SlsaProvenance(string predicateType, JsonElement predicate, string builderId, string buildType)
{
    /// <summary>BYOB: the delegator's build type (slsa-github-generator internal/builders/…/delegator-generic).</summary>
    public const string ByobBuildType = "https://github.com/slsa-framework/slsa-github-generator/delegator-generic@v0";
    public const string ContainerBasedBuildType = "https://slsa.dev/container-based-build/v0.1?draft";

    public string PredicateType { get; } = predicateType;

    public JsonElement Predicate { get; } = predicate;

    public string BuilderId { get; } = builderId;

    public string BuildType { get; } = buildType;

    /// <summary>The source the build read, <c>git+https://github.com/O/R[@REF]</c>.</summary>
    public abstract string SourceUri();

    /// <summary>The repository and ref whose workflow triggered the build, <c>git+https://github.com/O/R@REF</c>.</summary>
    public abstract string TriggerUri();

    /// <summary>The triggering branch ref (<c>refs/heads/…</c>), or "" when the build ran for a tag without a known branch.</summary>
    public abstract string BranchRef();

    /// <summary>The triggering tag ref (<c>refs/tags/…</c>), or "" when the build ran for a branch.</summary>
    public abstract string TagRef();

    /// <summary>The <c>workflow_dispatch</c> inputs.</summary>
    public abstract JsonElement WorkflowInputs();

    /// <summary>Reads a verified statement's SLSA predicate; anything else is not provenance (invalid input).</summary>
    public static SlsaProvenance Parse(string predicateType, JsonElement? predicate)
    {
        if (predicate is not { ValueKind: JsonValueKind.Object } p)
        {
            throw new SignetFormatException("provenance: the statement has no predicate object");
        }

        if (predicateType == SlsaPredicateTypes.V02)
        {
            return new ProvenanceV02(p);
        }

        if (predicateType != SlsaPredicateTypes.V1)
        {
            throw new SignetFormatException($"provenance: predicate type '{predicateType}' is not SLSA provenance ({SlsaPredicateTypes.V02} or {SlsaPredicateTypes.V1})");
        }

        var buildType = ProvenanceJson.String(p, "predicate.buildDefinition.buildType", "buildDefinition", "buildType");
        return buildType switch
        {
            ByobBuildType or ContainerBasedBuildType or SlsaPredicateTypes.GitHubWorkflowBuildType => new ProvenanceV1(p, buildType),
            _ => throw new SignetFormatException($"provenance: build type '{buildType}' is not one of the SLSA GitHub builders or GitHub's attestations"),
        };
    }
}

/// <summary>Navigation over provenance JSON with errors that name the path.</summary>
internal static class ProvenanceJson
{
    public static JsonElement Get(JsonElement e, string path, params string[] names)
    {
        foreach (var n in names)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(n, out e))
            {
                throw new SignetFormatException($"provenance: {path} is missing");
            }
        }

        return e;
    }

    public static string String(JsonElement e, string path, params string[] names)
    {
        var v = Get(e, path, names);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SignetFormatException($"provenance: {path} is not a string");
    }

    public static JsonElement Object(JsonElement e, string path, params string[] names)
    {
        var v = Get(e, path, names);
        return v.ValueKind == JsonValueKind.Object ? v : throw new SignetFormatException($"provenance: {path} is not an object");
    }

    /// <summary>The URI of the first entry of an array of resource descriptors (materials, resolvedDependencies).</summary>
    public static string FirstUri(JsonElement e, string path, params string[] names)
    {
        var list = Get(e, path, names);
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new SignetFormatException($"provenance: {path} is empty");
        }

        var uri = String(list[0], path + "[0].uri", "uri");
        return uri.Length > 0 ? uri : throw new SignetFormatException($"provenance: {path}[0].uri is empty");
    }
}
