using System.Globalization;
using System.Text.Json;

namespace Signet.Core.Bundle;

/// <summary>
/// Reading helpers for the protobuf JSON mapping (protobuf.dev/programming-guides/json): lowerCamelCase names,
/// 64-bit integers as strings (numbers accepted), bytes as base64 (standard or URL-safe, padding optional),
/// enums by name. Unknown fields are ignored. Every failure is a <see cref="SignetFormatException"/> naming the
/// field by its JSON path.
/// </summary>
internal static class ProtoJson
{
    /// <summary>Upper bound on any repeated field we read: absurd counts are malformed input, not work.</summary>
    public const int MaxArrayLength = 1024;

    /// <summary>Upper bound on one bytes field (decoded): bundles carry certificates and signatures, not blobs.</summary>
    public const int MaxBytesLength = 16 * 1024 * 1024;

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowTrailingCommas = false };

    private static readonly System.Buffers.SearchValues<char> StandardBase64 =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    public static JsonDocument ParseDocument(ReadOnlySpan<byte> utf8Json, string what)
    {
        if (utf8Json.IsEmpty)
        {
            throw new SignetFormatException($"{what}: empty input");
        }

        try
        {
            return JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"{what}: not valid JSON ({e.Message})", e);
        }
    }

    public static void RequireObject(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"{path}: expected a JSON object, found {Kind(e)}");
        }
    }

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public static JsonElement RequiredObject(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var v))
        {
            throw new SignetFormatException($"{path}.{name}: missing");
        }

        RequireObject(v, $"{path}.{name}");
        return v;
    }

    public static JsonElement? OptionalObject(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var v))
        {
            return null;
        }

        RequireObject(v, $"{path}.{name}");
        return v;
    }

    public static string RequiredString(JsonElement obj, string name, string path)
        => OptionalString(obj, name, path) ?? throw new SignetFormatException($"{path}.{name}: missing");

    public static string? OptionalString(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw new SignetFormatException($"{path}.{name}: expected a string, found {Kind(v)}");
        }

        return v.GetString()!;
    }

    public static byte[] RequiredBytes(JsonElement obj, string name, string path)
        => OptionalBytes(obj, name, path) ?? throw new SignetFormatException($"{path}.{name}: missing");

    public static byte[]? OptionalBytes(JsonElement obj, string name, string path)
    {
        var s = OptionalString(obj, name, path);
        return s is null ? null : DecodeBase64(s, $"{path}.{name}");
    }

    /// <summary>protobuf JSON bytes: standard or URL-safe alphabet, with or without padding.</summary>
    public static byte[] DecodeBase64(string s, string path)
    {
        if (s.Length > MaxBytesLength / 3 * 4 + 4)
        {
            throw new SignetFormatException($"{path}: base64 value too large ({s.Length} characters)");
        }

        // Fast path: canonical standard base64 (what every writer emits) decodes as it is.
        if (s.Length % 4 == 0 && !s.AsSpan().ContainsAnyExcept(StandardBase64))
        {
            var direct = new byte[s.Length / 4 * 3];
            if (!Convert.TryFromBase64String(s, direct, out var n))
            {
                throw new SignetFormatException($"{path}: not valid base64");
            }

            return n == direct.Length ? direct : direct.AsSpan(0, n).ToArray();
        }

        // Like Go's encoding/base64 (used by protojson), CR and LF are skipped.
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\r' or '\n':
                    break;
                case '-':
                    sb.Append('+');
                    break;
                case '_':
                    sb.Append('/');
                    break;
                case (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=':
                    sb.Append(c);
                    break;
                default:
                    throw new SignetFormatException($"{path}: not valid base64 (unexpected character)");
            }
        }

        var text = sb.ToString();
        var rem = text.Length % 4;
        if (rem == 2)
        {
            text += "==";
        }
        else if (rem == 3)
        {
            text += "=";
        }

        var buffer = new byte[text.Length / 4 * 3 + 3];
        if (rem == 1 || !Convert.TryFromBase64String(text, buffer, out var written))
        {
            throw new SignetFormatException($"{path}: not valid base64");
        }

        return buffer.AsSpan(0, written).ToArray();
    }

    public static long RequiredInt64(JsonElement obj, string name, string path)
        => OptionalInt64(obj, name, path) ?? throw new SignetFormatException($"{path}.{name}: missing");

    /// <summary>int64/uint64 as a decimal string (the mapping's form) or a JSON number.</summary>
    public static long? OptionalInt64(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
        {
            return n;
        }

        if (v.ValueKind == JsonValueKind.String
            && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n))
        {
            return n;
        }

        throw new SignetFormatException($"{path}.{name}: expected a 64-bit integer, found {Kind(v)}");
    }

    public static int? OptionalInt32(JsonElement obj, string name, string path)
    {
        var v = OptionalInt64(obj, name, path);
        if (v is null)
        {
            return null;
        }

        if (v < int.MinValue || v > int.MaxValue)
        {
            throw new SignetFormatException($"{path}.{name}: out of range for a 32-bit integer");
        }

        return (int)v.Value;
    }

    /// <summary>google.protobuf.Timestamp: RFC 3339 with 'Z' or an offset.</summary>
    public static DateTimeOffset? OptionalTimestamp(JsonElement obj, string name, string path)
    {
        var s = OptionalString(obj, name, path);
        if (s is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            || !s.Contains('T', StringComparison.Ordinal))
        {
            throw new SignetFormatException($"{path}.{name}: not an RFC 3339 timestamp");
        }

        return t;
    }

    public static IReadOnlyList<T> Array<T>(JsonElement obj, string name, string path, Func<JsonElement, string, T> read)
    {
        if (!TryGet(obj, name, out var v))
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new SignetFormatException($"{path}.{name}: expected an array, found {Kind(v)}");
        }

        var n = v.GetArrayLength();
        if (n > MaxArrayLength)
        {
            throw new SignetFormatException($"{path}.{name}: too many elements ({n} > {MaxArrayLength})");
        }

        var list = new List<T>(n);
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            list.Add(read(item, $"{path}.{name}[{i}]"));
            i++;
        }

        return list;
    }

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static string FormatTimestamp(DateTimeOffset t)
        => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static void WriteInt64(Utf8JsonWriter w, string name, long value)
        => w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void WriteBytes(Utf8JsonWriter w, string name, byte[] value)
        => w.WriteString(name, Convert.ToBase64String(value));

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            body(w);
        }

        return ms.ToArray();
    }
}
