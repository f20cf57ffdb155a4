using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Signet.Conformance.Tests;

/// <summary>
/// Normal form for comparing protobuf-JSON documents: keys sorted, 64-bit integers written as strings, empty
/// arrays/objects dropped (the mapping omits default values), timestamps normalised to UTC ticks.
/// </summary>
public static class SemanticJson
{
    public static string Normalize(byte[] json) => Normalize(JsonNode.Parse(json))?.ToJsonString() ?? "null";

    private static JsonNode? Normalize(JsonNode? n)
    {
        switch (n)
        {
            case JsonObject o:
                var sorted = new JsonObject();
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var nv = Normalize(v);
                    if (nv is null || nv is JsonArray { Count: 0 } || nv is JsonObject { Count: 0 } && k != "publicKey")
                    {
                        continue;
                    }

                    sorted[k] = nv;
                }

                return sorted;
            case JsonArray a:
                return new JsonArray(a.Select(Normalize).ToArray());
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return JsonValue.Create(v.ToJsonString());
            case JsonValue v when v.GetValueKind() == JsonValueKind.String
                && DateTimeOffset.TryParseExact(v.GetValue<string>(), ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t):
                return JsonValue.Create(t.UtcTicks.ToString(CultureInfo.InvariantCulture));
            case JsonValue v when v.GetValueKind() == JsonValueKind.String
                && v.GetValue<string>() is var text && text.Contains('\n') && !text.Contains(' '):
                // a base64 bytes field wrapped over lines (Go's decoder skips the newlines)
                return JsonValue.Create(text.Replace("\n", "", StringComparison.Ordinal));
            default:
                return n?.DeepClone();
        }
    }
}
