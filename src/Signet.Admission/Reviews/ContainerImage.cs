using System.Text.Json;
using Signet.Core;

namespace Signet.Admission.Reviews;

/// <summary>One container's image in a reviewed object.</summary>
/// <param name="Field">The field, as policy-controller names it (<c>spec.template.spec.containers[0].image</c>).</param>
/// <param name="PatchPath">The same field as a JSON PatchPath (RFC 6901), for a JSON Patch.</param>
/// <param name="Image">The image as written.</param>
public sealed record ContainerImage(string Field, string PatchPath, string Image)
{
    /// <summary>The most containers of one object Signet checks; a larger object is refused.</summary>
    public const int MaxContainers = 256;

    private static readonly string[] Lists = ["initContainers", "containers", "ephemeralContainers"];

    /// <summary>
    /// Every container image of <paramref name="request"/>'s object: a Pod's spec, or the Pod template of a
    /// Deployment, ReplicaSet, StatefulSet, DaemonSet, Job or CronJob; each of initContainers, containers and
    /// ephemeralContainers.
    /// </summary>
    /// <exception cref="SignetFormatException">The kind is not one Signet admits, or the object is malformed.</exception>
    public static IReadOnlyList<ContainerImage> Of(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resource is not { } obj)
        {
            return [];
        }

        string[] specPath = (request.Group, request.Kind) switch
        {
            ("", "Pod") => ["spec"],
            ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") or ("batch", "Job") => ["spec", "template", "spec"],
            ("batch", "CronJob") => ["spec", "jobTemplate", "spec", "template", "spec"],
            _ => throw new SignetFormatException($"AdmissionReview: kind {(request.Group.Length == 0 ? "" : request.Group + "/")}{request.Kind} is not one Signet admits (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob)"),
        };
        var spec = obj;
        foreach (var step in specPath)
        {
            if (!spec.TryGetProperty(step, out spec) || spec.ValueKind != JsonValueKind.Object)
            {
                throw new SignetFormatException($"AdmissionReview: {request.Kind} has no object at {string.Join('.', specPath)}");
            }
        }

        var images = new List<ContainerImage>();
        foreach (var list in Lists)
        {
            if (!spec.TryGetProperty(list, out var containers) || containers.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (containers.ValueKind != JsonValueKind.Array)
            {
                throw new SignetFormatException($"AdmissionReview: {string.Join('.', specPath)}.{list} is not an array");
            }

            var i = 0;
            foreach (var container in containers.EnumerateArray())
            {
                if (images.Count == MaxContainers)
                {
                    throw new SignetFormatException($"AdmissionReview: more than {MaxContainers} containers");
                }

                var field = $"{string.Join('.', specPath)}.{list}[{i}].image";
                if (container.ValueKind != JsonValueKind.Object || !container.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.String
                    || image.GetString() is not { Length: > 0 } value)
                {
                    throw new SignetFormatException($"AdmissionReview: {field} is missing");
                }

                images.Add(new ContainerImage(field, $"/{string.Join('/', specPath)}/{list}/{i}/image", value));
                i++;
            }
        }

        return images;
    }
}
