using System.Globalization;
using System.Text.Json;
using Signet.Core;

namespace Signet.Tuf.Json;

/// <summary>Strict readers for TUF metadata fields: every missing or mistyped field is a <see cref="SignetFormatException"/>
/// that names the file and the field.</summary>
internal static class TufJson
{
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string what)
    {
        try
        {
            return JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"{what}: not valid JSON ({e.Message})", e);
        }
    }

    public static JsonElement Object(JsonElement parent, string name, string what)
    {
        var e = Required(parent, name, what);
        return e.ValueKind == JsonValueKind.Object ? e : throw Wrong(what, name, "an object");
    }

    public static JsonElement Array(JsonElement parent, string name, string what)
    {
        var e = Required(parent, name, what);
        return e.ValueKind == JsonValueKind.Array ? e : throw Wrong(what, name, "an array");
    }

    public static string String(JsonElement parent, string name, string what)
    {
        var e = Required(parent, name, what);
        return e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Wrong(what, name, "a string");
    }

    public static bool Boolean(JsonElement parent, string name, string what)
    {
        var e = Required(parent, name, what);
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(what, name, "a boolean"),
        };
    }

    public static long PositiveInteger(JsonElement parent, string name, string what, long minimum = 1)
    {
        var e = Required(parent, name, what);
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var v))
        {
            throw Wrong(what, name, "an integer");
        }

        return v >= minimum ? v : throw new SignetFormatException($"{what}: \"{name}\" is {v}, below {minimum}");
    }

    public static DateTimeOffset Expires(JsonElement signed, string what)
    {
        // TUF §4.2: "expires" is ISO 8601 in UTC, "YYYY-MM-DDTHH:MM:SSZ".
        var s = String(signed, "expires", what);
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
        return DateTimeOffset.TryParseExact(s, formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new SignetFormatException($"{what}: \"expires\" {s} is not a UTC time like 2030-01-01T00:00:00Z");
    }

    public static string FormatExpires(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonElement Required(JsonElement parent, string name, string what) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var e)
            ? e
            : throw new SignetFormatException($"{what}: \"{name}\" is missing");

    private static SignetFormatException Wrong(string what, string name, string expected) =>
        new($"{what}: \"{name}\" is not {expected}");
}
