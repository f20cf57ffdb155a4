using System.Text.Json;
using Signet.Core;

namespace Signet.Oci.Signatures;

/// <summary>
/// The payload a legacy cosign signature signs: containers/image "simple signing" JSON
/// (containers-signature.5 §JSON data format) with cosign's type (SIGNATURE_SPEC §Simple Signing):
/// <c>{"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},"type":"cosign container image signature"},"optional":{…}}</c>.
/// </summary>
public sealed record SimpleSigningPayload(string DockerReference, OciDigest ManifestDigest, string Type, IReadOnlyDictionary<string, string> Optional)
{
    /// <summary>The <c>critical.type</c> cosign writes and requires.</summary>
    public const string CosignType = "cosign container image signature";
    private const int MaxPayloadBytes = 1 << 20;

    /// <summary>The payload for <paramref name="digest"/>, named <paramref name="dockerReference"/>, as cosign writes it.</summary>
    public static byte[] Create(string dockerReference, OciDigest digest, IReadOnlyDictionary<string, string>? optional = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("critical");
            w.WriteStartObject("identity");
            w.WriteString("docker-reference", dockerReference);
            w.WriteEndObject();
            w.WriteStartObject("image");
            w.WriteString("docker-manifest-digest", digest.ToString());
            w.WriteEndObject();
            w.WriteString("type", CosignType);
            w.WriteEndObject();
            if (optional is { Count: > 0 })
            {
                w.WriteStartObject("optional");
                foreach (var (k, v) in optional)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("optional");
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Parses a payload. Field names match case-insensitively, as cosign's Go decoder does (the spec's own example
    /// writes <c>Docker-manifest-digest</c>). The type must be cosign's.
    /// </summary>
    public static SimpleSigningPayload Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxPayloadBytes)
        {
            throw new SignetFormatException($"simple signing payload: larger than {MaxPayloadBytes} bytes");
        }

        // Strict reading: strings are valid Unicode, no duplicate members, bounded depth (issue 14; StrictJson).
        using (var doc = Signet.Core.Json.StrictJson.Parse(json.ToArray(), "simple signing payload", Signet.Core.Json.JsonLimits.ProtobufMessage))
        {
            var critical = Member(doc.RootElement, "critical", "simple signing payload");
            var identity = Member(critical, "identity", "simple signing payload: critical");
            var image = Member(critical, "image", "simple signing payload: critical");
            var reference = StringMember(identity, "docker-reference", "critical.identity", required: false) ?? "";
            var digest = OciDigest.Parse(StringMember(image, "docker-manifest-digest", "critical.image", required: true)!,
                "simple signing payload: critical.image.docker-manifest-digest");
            var type = StringMember(critical, "type", "critical", required: true)!;
            if (type != CosignType)
            {
                throw new SignetFormatException($"simple signing payload: critical.type is '{type}', not '{CosignType}'");
            }

            var optional = new Dictionary<string, string>(StringComparer.Ordinal);
            if (TryMember(doc.RootElement, "optional", out var opt) && opt.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in opt.EnumerateObject())
                {
                    optional[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }

            return new SimpleSigningPayload(reference, digest, type, optional);
        }
    }

    private static JsonElement Member(JsonElement e, string name, string path)
    {
        if (!TryMember(e, name, out var v) || v.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"{path}: '{name}' is missing or not an object");
        }

        return v;
    }

    private static string? StringMember(JsonElement e, string name, string path, bool required)
    {
        if (TryMember(e, name, out var v) && v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        return required ? throw new SignetFormatException($"simple signing payload: {path}.{name} is missing or not a string") : null;
    }

    private static bool TryMember(JsonElement e, string name, out JsonElement value)
    {
        value = default;
        if (e.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var found = false;
        foreach (var p in e.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                if (found)
                {
                    // Two spellings of one field: refuse rather than pick one (a verifier must not be confused).
                    throw new SignetFormatException($"simple signing payload: field '{name}' appears more than once");
                }

                value = p.Value;
                found = true;
            }
        }

        return found;
    }
}
