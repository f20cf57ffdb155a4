using System.Text.Json;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.InToto;

namespace Signet.Client.Signing;

/// <summary>
/// SLSA v1 provenance predicates (slsa.dev/spec/v1.0/provenance): the builder, the build type, external and internal
/// parameters and the run's metadata. In GitHub Actions (<c>GITHUB_ACTIONS=true</c>) everything comes from the
/// workflow's environment, shaped like GitHub's own build type (actions.github.io/buildtypes/workflow/v1).
/// </summary>
public static class SlsaProvenance
{
    /// <summary>Writes the predicate JSON.</summary>
    /// <param name="environment">Reads environment variables (the process's, or a test's).</param>
    /// <param name="builderId">The builder's URI; required outside GitHub Actions.</param>
    /// <param name="buildType">The build type URI; required outside GitHub Actions.</param>
    /// <param name="startedOn">When the build started: the run metadata's <c>startedOn</c>, in UTC to the second.</param>
    /// <exception cref="SignetFormatException">Outside GitHub Actions without a builder id or build type.</exception>
    public static byte[] CreatePredicate(Func<string, string?> environment, string? builderId, string? buildType, DateTimeOffset startedOn)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var github = environment("GITHUB_ACTIONS") == "true";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("buildDefinition");
            if (github)
            {
                WriteGitHubDefinition(w, environment, buildType);
            }
            else
            {
                w.WriteString("buildType", buildType ?? throw new SignetFormatException("provenance: outside GitHub Actions, pass --build-type URI"));
                w.WriteStartObject("externalParameters");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("runDetails");
            w.WriteStartObject("builder");
            var server = environment("GITHUB_SERVER_URL") ?? "https://github.com";
            w.WriteString("id", builderId ?? (github
                ? $"{server}/{Required(environment, "GITHUB_WORKFLOW_REF")}"
                : throw new SignetFormatException("provenance: outside GitHub Actions, pass --builder-id URI")));
            w.WriteEndObject();
            w.WriteStartObject("metadata");
            if (github)
            {
                w.WriteString("invocationId", $"{server}/{Required(environment, "GITHUB_REPOSITORY")}/actions/runs/{Required(environment, "GITHUB_RUN_ID")}/attempts/{environment("GITHUB_RUN_ATTEMPT") ?? "1"}");
            }

            w.WriteString("startedOn", Rfc3339.Seconds(startedOn));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteGitHubDefinition(Utf8JsonWriter w, Func<string, string?> env, string? buildType)
    {
        var server = env("GITHUB_SERVER_URL") ?? "https://github.com";
        var repository = Required(env, "GITHUB_REPOSITORY");
        var workflowRef = Required(env, "GITHUB_WORKFLOW_REF");

        // GITHUB_WORKFLOW_REF = OWNER/REPO/.github/workflows/FILE@REF
        var at = workflowRef.LastIndexOf('@');
        var path = at > repository.Length ? workflowRef[(repository.Length + 1)..at] : workflowRef;
        w.WriteString("buildType", buildType ?? SlsaPredicateTypes.GitHubWorkflowBuildType);
        w.WriteStartObject("externalParameters");
        w.WriteStartObject("workflow");
        w.WriteString("ref", env("GITHUB_REF") ?? (at > 0 ? workflowRef[(at + 1)..] : ""));
        w.WriteString("repository", $"{server}/{repository}");
        w.WriteString("path", path);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("internalParameters");
        w.WriteStartObject("github");
        WriteIfSet(w, "event_name", env("GITHUB_EVENT_NAME"));
        WriteIfSet(w, "repository_id", env("GITHUB_REPOSITORY_ID"));
        WriteIfSet(w, "repository_owner_id", env("GITHUB_REPOSITORY_OWNER_ID"));
        WriteIfSet(w, "runner_environment", env("RUNNER_ENVIRONMENT"));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("resolvedDependencies");
        if (env("GITHUB_SHA") is { } sha)
        {
            w.WriteStartObject();
            w.WriteString("uri", $"git+{server}/{repository}@{env("GITHUB_REF") ?? ""}");
            w.WriteStartObject("digest");
            w.WriteString("gitCommit", sha);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Required(Func<string, string?> env, string name) =>
        env(name) is { Length: > 0 } v ? v : throw new SignetFormatException($"provenance: GitHub Actions variable {name} is not set");

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }
}
