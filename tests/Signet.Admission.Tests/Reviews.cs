using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signet.Admission.Tests;

/// <summary>
/// AdmissionReview v1 requests as the API server sends them: the round-trip fixture of kubernetes/api
/// (<c>TestData/admission.k8s.io.v1.AdmissionReview.json</c>) with its request's kind, resource, operation and object
/// replaced by a real workload, and the response removed.
/// </summary>
internal static class Reviews
{
    private static readonly string Fixture = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "admission.k8s.io.v1.AdmissionReview.json"));

    /// <summary>(group, version, kind, resource) of every kind Signet admits.</summary>
    public static readonly (string Group, string Version, string Kind, string Resource)[] Kinds =
    [
        ("", "v1", "Pod", "pods"),
        ("apps", "v1", "Deployment", "deployments"),
        ("apps", "v1", "ReplicaSet", "replicasets"),
        ("apps", "v1", "StatefulSet", "statefulsets"),
        ("apps", "v1", "DaemonSet", "daemonsets"),
        ("batch", "v1", "Job", "jobs"),
        ("batch", "v1", "CronJob", "cronjobs"),
    ];

    /// <summary>A Pod spec with these containers (and init containers).</summary>
    public static JsonObject PodSpec(string[] containers, string[]? init = null)
    {
        var spec = new JsonObject { ["containers"] = Containers("app", containers) };
        if (init is { Length: > 0 })
        {
            spec["initContainers"] = Containers("init", init);
        }

        return spec;
    }

    /// <summary>An object of <paramref name="kind"/> whose Pod (template) spec is <paramref name="podSpec"/>.</summary>
    public static JsonObject Workload(string kind, JsonObject podSpec)
    {
        var (group, version, _, _) = Kinds.Single(k => k.Kind == kind);
        JsonObject Template() => new() { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } }, ["spec"] = podSpec };
        JsonObject spec = kind switch
        {
            "Pod" => podSpec,
            "CronJob" => new JsonObject { ["schedule"] = "*/5 * * * *", ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = Template() } } },
            _ => new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } }, ["template"] = Template() },
        };
        return new JsonObject
        {
            ["apiVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "shop" },
            ["spec"] = spec,
        };
    }

    /// <summary>The review JSON for <paramref name="obj"/> (operation CREATE unless told).</summary>
    public static string For(JsonObject obj, string uid = "705ab4f5-6393-11e8-b7cc-42010a800002", string operation = "CREATE")
    {
        var kind = (string)obj["kind"]!;
        var (group, version, _, resource) = Kinds.Single(k => k.Kind == kind);
        var review = JsonNode.Parse(Fixture)!.AsObject();
        review.Remove("response");
        var request = review["request"]!.AsObject();
        request["uid"] = uid;
        request["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind };
        request["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource };
        request["requestKind"] = request["kind"]!.DeepClone();
        request["requestResource"] = request["resource"]!.DeepClone();
        request.Remove("subResource");
        request.Remove("requestSubResource");
        request["name"] = "web";
        request["namespace"] = "shop";
        request["operation"] = operation;
        request["object"] = obj;
        request.Remove("oldObject");
        request["dryRun"] = false;
        request["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions" };
        return review.ToJsonString();
    }

    /// <summary>A Pod review with these images.</summary>
    public static string Pod(params string[] images) => For(Workload("Pod", PodSpec(images)));

    private static JsonArray Containers(string prefix, string[] images) =>
        new([.. images.Select((image, i) => (JsonNode)new JsonObject { ["name"] = $"{prefix}{i}", ["image"] = image })]);

    /// <summary>The <c>response</c> of an AdmissionReview answer.</summary>
    public static JsonElement Response(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("admission.k8s.io/v1", doc.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal("AdmissionReview", doc.RootElement.GetProperty("kind").GetString());
        return doc.RootElement.GetProperty("response").Clone();
    }
}
