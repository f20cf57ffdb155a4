using System.Text.Json;

namespace Signet.Core.Json;

/// <summary>
/// The one way Signet parses JSON that comes from outside (bundles, trust roots, log entries, TUF metadata, service
/// requests and responses). A document it returns holds only valid Unicode (every string and member name reads
/// without error), has no duplicate member names and stays within its <see cref="JsonLimits"/>; anything else is a
/// <see cref="SignetFormatException"/> that names the document and, where there is one, the field.
/// </summary>
/// <remarks>
/// <para>Duplicate member names are refused (<c>AllowDuplicateProperties = false</c>): RFC 8259 §4 leaves their meaning
/// open, I-JSON (RFC 7493 §2.3) forbids them, Go's protojson (sigstore-go, rekor-tiles) rejects them, while Go's
/// encoding/json (rekor v1) keeps the last one. Refusing them means no two parsers can read one document two ways.</para>
/// <para>Strings must be valid Unicode (RFC 8259 §8.1 UTF-8; RFC 7493 §2.1 no lone surrogate, escaped or not). Raw
/// bytes are checked with one vectorized pass; only a document with invalid UTF-8 or a <c>\uD800</c>–<c>\uDFFF</c>
/// escape is walked string by string to find the field to name.</para>
/// </remarks>
public static class StrictJson
{
    /// <summary>
    /// Parses <paramref name="utf8Json"/> (not copied: the caller keeps it unchanged while the document lives) and
    /// checks it against <paramref name="limits"/>. <paramref name="what"/> names the document in errors and is the
    /// root of field paths.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json, string what, JsonLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (utf8Json.IsEmpty)
        {
            throw new SignetFormatException($"{what}: empty input");
        }

        if (utf8Json.Length > limits.MaxBytes)
        {
            throw new SignetFormatException($"{what}: too large ({utf8Json.Length} bytes > {limits.MaxBytes})");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json, Options(limits, allowDuplicates: false));
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"{what}: not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            // The duplicate-name check reads every member name: one that is not valid Unicode stops it. Find and name it.
            using (var lenient = JsonDocument.Parse(utf8Json, Options(limits, allowDuplicates: true)))
            {
                Locate(JsonField.Root(lenient.RootElement, what), limits.MaxItems);
            }

            throw new SignetFormatException($"{what}: a member name is not valid Unicode (RFC 8259 §8.1, RFC 7493 §2.1)", e);
        }

        try
        {
            if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span) || HasSurrogateEscape(utf8Json.Span) || !FitsItems(doc.RootElement, limits.MaxItems))
            {
                Locate(JsonField.Root(doc.RootElement, what), limits.MaxItems);
            }
        }
        catch
        {
            doc.Dispose();
            throw;
        }

        return doc;
    }

    /// <summary>
    /// <see cref="Parse"/> for a document that may hold a credential (an identity token, a registry password): a syntax
    /// error says only where it is, since the JSON parser's message quotes the text it could not read. The other
    /// refusals name fields, never their values.
    /// </summary>
    public static JsonDocument ParseSecret(ReadOnlyMemory<byte> utf8Json, string what, JsonLimits limits)
    {
        try
        {
            return Parse(utf8Json, what, limits);
        }
        catch (SignetFormatException e) when (e.InnerException is JsonException syntax)
        {
            var where = syntax.LineNumber is { } line ? $" (line {line + 1}, byte {syntax.BytePositionInLine + 1})" : "";
            throw new SignetFormatException($"{what}: not valid JSON{where}");
        }
    }

    private static JsonDocumentOptions Options(JsonLimits limits, bool allowDuplicates) => new()
    {
        MaxDepth = limits.MaxDepth,
        AllowDuplicateProperties = allowDuplicates,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>True when some <c>\uXXXX</c> escape is a UTF-16 surrogate (D800–DFFF); a pair is fine, but only a
    /// walk over the strings can tell a pair from a lone one.</summary>
    private static bool HasSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var i = json.IndexOf("\\u"u8);
        while (i >= 0 && i + 3 < json.Length)
        {
            var rest = json[(i + 2)..];
            if (rest[0] is (byte)'d' or (byte)'D' && rest[1] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }

            var next = rest.IndexOf("\\u"u8);
            i = next < 0 ? -1 : i + 2 + next;
        }

        return false;
    }

    private static bool FitsItems(JsonElement e, int max)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (e.GetPropertyCount() > max)
                {
                    return false;
                }

                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && !FitsItems(p.Value, max))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                if (e.GetArrayLength() > max)
                {
                    return false;
                }

                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && !FitsItems(item, max))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>The slow walk, with field paths, that finds what the fast checks saw and throws for it.</summary>
    private static void Locate(JsonField f, int max)
    {
        switch (f.ValueKind)
        {
            case JsonValueKind.Object:
                if (f.Element.GetPropertyCount() > max)
                {
                    throw f.Error($"too many members ({f.Element.GetPropertyCount()} > {max})");
                }

                foreach (var (_, member) in f.Members())
                {
                    Locate(member, max);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in f.Items(max))
                {
                    Locate(item, max);
                }

                break;
            case JsonValueKind.String:
                f.GetString();
                break;
        }
    }
}
