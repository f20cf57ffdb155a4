using System.Text.Json;
using Signet.Client.Signing;
using Signet.Core;

namespace Signet.Client.Tests.Signing;

public sealed class SlsaProvenanceTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void GitHub_Actions_context_fills_builder_build_type_workflow_and_invocation()
    {
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "kubernetes/release",
            ["GITHUB_WORKFLOW_REF"] = "kubernetes/release/.github/workflows/build.yml@refs/tags/v1.2.3",
            ["GITHUB_REF"] = "refs/tags/v1.2.3",
            ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["GITHUB_RUN_ID"] = "42",
            ["GITHUB_RUN_ATTEMPT"] = "2",
            ["GITHUB_EVENT_NAME"] = "push",
            ["RUNNER_ENVIRONMENT"] = "github-hosted",
        };
        using var doc = JsonDocument.Parse(SlsaProvenance.CreatePredicate(n => env.GetValueOrDefault(n), null, null, At));
        var root = doc.RootElement;
        Assert.Equal("https://actions.github.io/buildtypes/workflow/v1", root.GetProperty("buildDefinition").GetProperty("buildType").GetString());
        var workflow = root.GetProperty("buildDefinition").GetProperty("externalParameters").GetProperty("workflow");
        Assert.Equal(".github/workflows/build.yml", workflow.GetProperty("path").GetString());
        Assert.Equal("https://github.com/kubernetes/release", workflow.GetProperty("repository").GetString());
        Assert.Equal("refs/tags/v1.2.3", workflow.GetProperty("ref").GetString());
        Assert.Equal("https://github.com/kubernetes/release/.github/workflows/build.yml@refs/tags/v1.2.3", root.GetProperty("runDetails").GetProperty("builder").GetProperty("id").GetString());
        Assert.Equal("https://github.com/kubernetes/release/actions/runs/42/attempts/2", root.GetProperty("runDetails").GetProperty("metadata").GetProperty("invocationId").GetString());
        var dep = root.GetProperty("buildDefinition").GetProperty("resolvedDependencies")[0];
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", dep.GetProperty("digest").GetProperty("gitCommit").GetString());
        Assert.Equal("push", root.GetProperty("buildDefinition").GetProperty("internalParameters").GetProperty("github").GetProperty("event_name").GetString());
    }

    [Fact]
    public void Outside_GitHub_the_builder_and_build_type_must_be_given()
    {
        Assert.Throws<SignetFormatException>(() => SlsaProvenance.CreatePredicate(_ => null, null, "https://b/t", At));
        Assert.Throws<SignetFormatException>(() => SlsaProvenance.CreatePredicate(_ => null, "https://b", null, At));
        using var doc = JsonDocument.Parse(SlsaProvenance.CreatePredicate(_ => null, "https://builder.example", "https://type.example/v1", At));
        Assert.Equal("https://builder.example", doc.RootElement.GetProperty("runDetails").GetProperty("builder").GetProperty("id").GetString());
        Assert.Equal("2026-01-02T03:04:05Z", doc.RootElement.GetProperty("runDetails").GetProperty("metadata").GetProperty("startedOn").GetString());
    }
}
