using System.Globalization;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;

namespace Signet.Tuf.Json;

/// <summary>TUF metadata fields, read through Core's <see cref="StrictJson"/> and <see cref="JsonField"/>: every missing
/// or mistyped field is a <see cref="SignetFormatException"/> that names the file and the field. What is TUF's own:
/// integers are JSON numbers with a lower bound, and <c>expires</c> is a UTC time (TUF specification §4.2).</summary>
internal static class TufJson
{
    /// <summary>64 MiB (downloads are capped lower by <see cref="Client.TufClientOptions"/>), 64 levels, and up to
    /// 2^20 members or items (targets metadata may list many files).</summary>
    private static readonly JsonLimits Limits = new(64 * 1024 * 1024, 64, 1 << 20);

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string what) => StrictJson.Parse(utf8, what, Limits);

    /// <summary>Whether <paramref name="parent"/> is an object with a member <paramref name="name"/> (even null).</summary>
    public static bool Has(JsonElement parent, string name) => parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out _);

    public static JsonElement Object(JsonElement parent, string name, string what) => JsonField.Root(parent, what).RequiredObject(name).Element;

    public static JsonElement Array(JsonElement parent, string name, string what) => JsonField.Root(parent, what).RequiredArray(name).Element;

    public static string String(JsonElement parent, string name, string what) => JsonField.Root(parent, what).RequiredString(name);

    public static bool Boolean(JsonElement parent, string name, string what) => JsonField.Root(parent, what).RequiredBoolean(name);

    public static long PositiveInteger(JsonElement parent, string name, string what, long minimum = 1)
    {
        var v = JsonField.Root(parent, what).RequiredInteger(name);
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

    public static string FormatExpires(DateTimeOffset t) => Signet.Core.Encoding.Rfc3339.Seconds(t);
}
