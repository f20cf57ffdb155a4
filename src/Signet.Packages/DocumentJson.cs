using System.Text.Json;
using Signet.Core;

namespace Signet.Packages;

/// <summary>Strict member reads for the ecosystems' documents (npm, PyPI): a missing or mistyped member is a format error naming its path.</summary>
internal static class DocumentJson
{
    public static string String(JsonElement e, string name, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new SignetFormatException($"{path}.{name}: missing or not a string");

    public static string? OptionalString(JsonElement e, string name, string path) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new SignetFormatException($"{path}.{name}: not a string");

    public static JsonElement Object(JsonElement e, string name, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : throw new SignetFormatException($"{path}.{name}: missing or not an object");

    public static byte[] Base64(JsonElement e, string name, string path)
    {
        try
        {
            return Convert.FromBase64String(String(e, name, path));
        }
        catch (FormatException ex)
        {
            throw new SignetFormatException($"{path}.{name}: not base64", ex);
        }
    }
}
