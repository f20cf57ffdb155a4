using System.Buffers;
using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Admission.Reviews;

/// <summary>
/// The <c>response</c> of an AdmissionReview v1 (k8s.io/api admission/v1 <c>AdmissionResponse</c>): the request's uid,
/// the decision, a refusal's <c>status</c> (metav1.Status: Failure, code 403, the message), <c>warnings</c>, and for
/// the mutating webhook a base64 <c>JSONPatch</c>.
/// </summary>
/// <param name="Uid">The request's uid, echoed.</param>
/// <param name="Allowed">Whether the object is admitted.</param>
/// <param name="Message">Why not (or null when admitted).</param>
/// <param name="Warnings">Warnings the API server shows the client (warn-mode policies), at most <see cref="MaxWarnings"/>.</param>
/// <param name="Patch">An RFC 6902 JSON Patch (UTF-8 JSON), or null.</param>
public sealed record AdmissionResponse(string Uid, bool Allowed, string? Message, IReadOnlyList<string> Warnings, byte[]? Patch)
{
    /// <summary>The most warnings a response carries (the API server truncates long lists anyway).</summary>
    public const int MaxWarnings = 32;

    /// <summary>Writes the whole AdmissionReview (apiVersion, kind, response) as JSON.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", AdmissionRequest.ApiVersion);
            w.WriteString("kind", "AdmissionReview");
            w.WriteStartObject("response");
            w.WriteString("uid", Uid);
            w.WriteBoolean("allowed", Allowed);
            if (!Allowed)
            {
                w.WriteStartObject("status");
                w.WriteString("status", "Failure");
                w.WriteString("message", Message ?? "denied");
                w.WriteString("reason", "Forbidden");
                w.WriteNumber("code", 403);
                w.WriteEndObject();
            }

            if (Patch is not null)
            {
                w.WriteString("patchType", "JSONPatch");
                w.WriteBase64String("patch", Patch);
            }

            if (Warnings.Count > 0)
            {
                w.WriteStringArray("warnings", Warnings.Take(MaxWarnings));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An RFC 6902 JSON Patch of <c>replace</c> operations (path, value).</summary>
    public static byte[] ReplacePatch(IEnumerable<(string Pointer, string Value)> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var (pointer, value) in replacements)
            {
                w.WriteStartObject();
                w.WriteString("op", "replace");
                w.WriteString("path", pointer);
                w.WriteString("value", value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
