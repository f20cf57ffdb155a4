using System.Globalization;
using System.Text.Json;

namespace Signet.Core.Json;

/// <summary>
/// The protobuf JSON mapping (protobuf.dev/programming-guides/json) on top of <see cref="JsonField"/>, as the Sigstore
/// messages of protobuf-specs use it: lowerCamelCase names, 64-bit integers as decimal strings (numbers accepted),
/// <c>bytes</c> as base64 (standard or URL-safe, padding optional), <c>google.protobuf.Timestamp</c> as RFC 3339, enums
/// by name (read as strings). Unknown fields are ignored; <c>null</c> is the default value.
/// </summary>
public static class ProtobufJson
{
    /// <summary>Upper bound on one <c>bytes</c> field (decoded): messages carry certificates and signatures, not blobs.</summary>
    public const int MaxBytesLength = 16 * 1024 * 1024;

    private static readonly System.Buffers.SearchValues<char> StandardBase64 =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>
    /// Parses a message of at most <paramref name="maxBytes"/> (and <see cref="JsonLimits.ProtobufMessage"/>) with
    /// <see cref="StrictJson"/> and reads its top-level object with <paramref name="read"/>; <paramref name="what"/>
    /// names it and roots the field paths (<c>bundle.verificationMaterial…</c>).
    /// </summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json, string what, int maxBytes, Func<JsonField, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (utf8Json.Length > maxBytes)
        {
            throw new SignetFormatException($"{what}: too large ({utf8Json.Length} bytes > {maxBytes})");
        }

        using var doc = StrictJson.Parse(utf8Json.ToArray(), what, JsonLimits.ProtobufMessage);
        return read(JsonField.Root(doc.RootElement, what).RequireObject());
    }

    /// <summary>The <c>bytes</c> member <paramref name="name"/>; missing is an error.</summary>
    public static byte[] RequiredBytes(this JsonField field, string name) =>
        field.OptionalBytes(name) ?? throw field.ErrorAt(name, "missing");

    /// <summary>The <c>bytes</c> member <paramref name="name"/>, or null when it is missing.</summary>
    public static byte[]? OptionalBytes(this JsonField field, string name) =>
        field.TryGetValue(name, out var v) ? DecodeBytes(field.StringOf(v, name), field, name) : null;

    /// <summary>This string value as <c>bytes</c>.</summary>
    public static byte[] GetBytes(this JsonField field) => DecodeBytes(field.GetString(), field, null);

    /// <summary>The int64/uint64 member <paramref name="name"/>; missing is an error.</summary>
    public static long RequiredInt64(this JsonField field, string name) =>
        field.OptionalInt64(name) ?? throw field.ErrorAt(name, "missing");

    /// <summary>The int64/uint64 member <paramref name="name"/> as a decimal string (the mapping's form) or a JSON number.</summary>
    public static long? OptionalInt64(this JsonField field, string name)
    {
        if (!field.TryGetValue(name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
        {
            return n;
        }

        if (v.ValueKind == JsonValueKind.String
            && long.TryParse(field.StringOf(v, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n))
        {
            return n;
        }

        throw field.ErrorAt(name, $"expected a 64-bit integer, found {JsonField.Describe(v.ValueKind)}");
    }

    /// <summary>The int32 member <paramref name="name"/>, or null when it is missing.</summary>
    public static int? OptionalInt32(this JsonField field, string name)
    {
        var v = field.OptionalInt64(name);
        if (v is null)
        {
            return null;
        }

        return v is < int.MinValue or > int.MaxValue ? throw field.ErrorAt(name, "out of range for a 32-bit integer") : (int)v.Value;
    }

    /// <summary>The <c>google.protobuf.Timestamp</c> member <paramref name="name"/> (RFC 3339 with 'Z' or an offset), or null.</summary>
    public static DateTimeOffset? OptionalTimestamp(this JsonField field, string name)
    {
        var s = field.OptionalString(name);
        if (s is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            || !s.Contains('T', StringComparison.Ordinal))
        {
            throw field.ErrorAt(name, "not an RFC 3339 timestamp");
        }

        return t;
    }

    /// <summary>
    /// A <c>google.protobuf.Timestamp</c> in its JSON form: UTC with 'Z' and 0, 3, 6 or 9 fractional digits, the fewest
    /// that hold the value (the proto3 JSON mapping's rule for generated output, as Go's protojson writes it).
    /// </summary>
    public static string FormatTimestamp(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var nanos = utc.Ticks % TimeSpan.TicksPerSecond * 100;
        var fraction = nanos switch
        {
            0 => "",
            _ when nanos % 1_000_000 == 0 => "." + (nanos / 1_000_000).ToString("D3", CultureInfo.InvariantCulture),
            _ when nanos % 1_000 == 0 => "." + (nanos / 1_000).ToString("D6", CultureInfo.InvariantCulture),
            _ => "." + nanos.ToString("D9", CultureInfo.InvariantCulture),
        };
        return seconds + fraction + "Z";
    }

    /// <summary>Writes an int64 field as the mapping's decimal string.</summary>
    public static void WriteInt64(Utf8JsonWriter writer, string name, long value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a <c>bytes</c> field as standard base64.</summary>
    public static void WriteBytes(Utf8JsonWriter writer, string name, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(name, Convert.ToBase64String(value));
    }

    /// <summary>Runs <paramref name="body"/> on a compact writer and returns the UTF-8 JSON.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            body(w);
        }

        return ms.ToArray();
    }

    /// <summary>Runs <paramref name="members"/> inside one top-level object on a compact writer; returns the UTF-8 JSON.</summary>
    public static byte[] WriteObject(Action<Utf8JsonWriter> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return Write(w =>
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        });
    }

    /// <summary>protobuf JSON <c>bytes</c>: standard or URL-safe alphabet, with or without padding; <paramref name="path"/>
    /// names the value in errors.</summary>
    public static byte[] DecodeBytes(string s, string path) => DecodeBytes(s, JsonField.Root(default, path), null);

    private static byte[] DecodeBytes(string s, JsonField field, string? name)
    {
        if (s.Length > MaxBytesLength / 3 * 4 + 4)
        {
            throw field.ErrorAt(name, $"base64 value too large ({s.Length} characters)");
        }

        // Fast path: canonical standard base64 (what every writer emits) decodes as it is.
        if (s.Length % 4 == 0 && !s.AsSpan().ContainsAnyExcept(StandardBase64))
        {
            var direct = new byte[s.Length / 4 * 3];
            if (!Convert.TryFromBase64String(s, direct, out var n))
            {
                throw field.ErrorAt(name, "not valid base64");
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
                    throw field.ErrorAt(name, "not valid base64 (unexpected character)");
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
            throw field.ErrorAt(name, "not valid base64");
        }

        return buffer.AsSpan(0, written).ToArray();
    }
}
