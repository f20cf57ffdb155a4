using System.Text.Json;
using Signet.Core;

namespace Signet.Log.Rekor.Entries;

/// <summary>Reads required fields of an entry request, naming the JSON path of whatever is missing or malformed.</summary>
internal static class EntryJson
{
    public static JsonElement Object(JsonElement parent, string name, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"{path}.{name} is missing or not an object");
        }

        return v;
    }

    public static JsonElement? OptionalObject(JsonElement parent, string name, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Object ? v : throw new SignetFormatException($"{path}.{name} is not an object");
    }

    public static string String(JsonElement parent, string name, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
        {
            throw new SignetFormatException($"{path}.{name} is missing or not a string");
        }

        var s = v.GetString()!;
        return s.Length > 0 ? s : throw new SignetFormatException($"{path}.{name} is empty");
    }

    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new SignetFormatException($"{path}.{name} is not a string");
    }

    public static JsonElement Array(JsonElement parent, string name, string path, int max)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
        {
            throw new SignetFormatException($"{path}.{name} is missing or not an array");
        }

        var n = v.GetArrayLength();
        return n is > 0 && n <= max ? v : throw new SignetFormatException($"{path}.{name} must hold 1 to {max} items, not {n}");
    }

    public static byte[] Base64(JsonElement parent, string name, string path)
    {
        var s = String(parent, name, path);
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw new SignetFormatException($"{path}.{name} is not standard base64");
        }
    }

    public static byte[] Hex(string s, string path, int expectedBytes)
    {
        if (s.Length != expectedBytes * 2)
        {
            throw new SignetFormatException($"{path} must be {expectedBytes * 2} hex digits, not {s.Length} characters");
        }

        try
        {
            return Convert.FromHexString(s);
        }
        catch (FormatException)
        {
            throw new SignetFormatException($"{path} is not hexadecimal");
        }
    }

    /// <summary>Parses a request document; invalid JSON is a format error, not a crash.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string what)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"{what} is not valid JSON: {e.Message}", e);
        }
    }
}
