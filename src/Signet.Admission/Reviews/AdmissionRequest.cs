using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Admission.Reviews;

/// <summary>
/// The <c>request</c> of an <c>admission.k8s.io/v1</c> <c>AdmissionReview</c> as the API server sends it to a webhook
/// (k8s.io/api admission/v1 <c>AdmissionRequest</c>): what Signet reads of it. Unknown fields are ignored.
/// </summary>
/// <param name="Uid"><c>request.uid</c>, which the response must echo.</param>
/// <param name="Group"><c>request.kind.group</c> ("" for the core group).</param>
/// <param name="Kind"><c>request.kind.kind</c> (Pod, Deployment, …).</param>
/// <param name="Namespace"><c>request.namespace</c>, when the object is namespaced.</param>
/// <param name="Name"><c>request.name</c> (empty for a create with <c>generateName</c>).</param>
/// <param name="Operation"><c>request.operation</c>: CREATE, UPDATE, DELETE or CONNECT.</param>
/// <param name="Resource"><c>request.object</c>: the object as it would be stored; absent for DELETE.</param>
public sealed record AdmissionRequest(
    string Uid, string Group, string Kind, string? Namespace, string? Name, string Operation, JsonElement? Resource)
{
    /// <summary>The only review version Signet speaks (the webhook configurations ask for <c>admissionReviewVersions: ["v1"]</c>).</summary>
    public const string ApiVersion = "admission.k8s.io/v1";

    /// <summary>The largest review accepted (bytes): an object and its old object, each within the API server's 3 MiB request limit.</summary>
    public const int MaxBytes = 8 << 20;

    private static readonly JsonLimits Limits = new(MaxBytes, 256, 100_000);

    /// <summary>Reads an AdmissionReview v1 with a request.</summary>
    /// <exception cref="SignetFormatException">Not JSON, not an AdmissionReview v1, or without a request uid and kind.</exception>
    public static AdmissionRequest Parse(ReadOnlyMemory<byte> json)
    {
        if (json.Length > MaxBytes)
        {
            throw new SignetFormatException($"AdmissionReview: {json.Length} bytes; the limit is {MaxBytes}");
        }

        JsonDocument document;
        try
        {
            // StrictJson: every string reads as valid Unicode, no duplicate member names (a name read two ways).
            document = StrictJson.Parse(json, "AdmissionReview", Limits);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"AdmissionReview: not JSON: {e.Message}", e);
        }

        // The document's elements are kept (Resource refers into it); it is garbage-collected with the request.
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("AdmissionReview: not a JSON object");
        }

        var apiVersion = String(root, "apiVersion");
        if (apiVersion != ApiVersion || String(root, "kind") != "AdmissionReview")
        {
            throw new SignetFormatException($"AdmissionReview: apiVersion '{apiVersion}' kind '{String(root, "kind")}': expected {ApiVersion} AdmissionReview");
        }

        if (!root.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("AdmissionReview: no request");
        }

        var uid = String(request, "uid");
        if (string.IsNullOrEmpty(uid))
        {
            throw new SignetFormatException("AdmissionReview: request.uid is missing");
        }

        if (!request.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.Object || string.IsNullOrEmpty(String(kind, "kind")))
        {
            throw new SignetFormatException("AdmissionReview: request.kind.kind is missing");
        }

        var operation = String(request, "operation");
        if (string.IsNullOrEmpty(operation))
        {
            throw new SignetFormatException("AdmissionReview: request.operation is missing");
        }

        JsonElement? obj = request.TryGetProperty("object", out var o) && o.ValueKind != JsonValueKind.Null ? o : null;
        if (obj is { ValueKind: not JsonValueKind.Object })
        {
            throw new SignetFormatException("AdmissionReview: request.object is not an object");
        }

        return new AdmissionRequest(uid, String(kind, "group") ?? "", String(kind, "kind")!, String(request, "namespace"), String(request, "name"), operation, obj);
    }

    private static string? String(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new SignetFormatException($"AdmissionReview: '{name}' is not a string");
    }
}
