using System.Buffers;
using System.Text.Json;

namespace Signet.Core.InToto;

/// <summary>One subject of a statement (in-toto attestation spec v1, ResourceDescriptor): a name and its digests.</summary>
public sealed record InTotoSubject(string Name, IReadOnlyDictionary<string, string> Digest);

/// <summary>
/// An in-toto Statement v1 (in-toto/attestation spec/v1/statement.md): <c>_type</c>, <c>subject[{name, digest{alg: hex}}]</c>,
/// <c>predicateType</c> and an opaque <c>predicate</c>. Unknown fields are ignored.
/// </summary>
public sealed record InTotoStatement(IReadOnlyList<InTotoSubject> Subject, string PredicateType, JsonElement? Predicate)
{
    /// <summary>The DSSE payload type of in-toto statements.</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    public const string Type = "https://in-toto.io/Statement/v1";

    /// <summary>The older statement type Sigstore clients still produce; read, never written.</summary>
    public const string TypeV01 = "https://in-toto.io/Statement/v0.1";

    /// <summary>The largest statement JSON accepted (16 MiB).</summary>
    public const int MaxStatementBytes = 16 * 1024 * 1024;

    /// <summary>The <c>_type</c> read from the JSON (<see cref="Type"/> when built in code).</summary>
    public string StatementType { get; init; } = Type;

    public static InTotoStatement Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxStatementBytes)
        {
            throw new SignetFormatException($"in-toto statement: {json.Length} bytes exceeds the limit of {MaxStatementBytes}");
        }

        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new SignetFormatException("in-toto statement: not valid UTF-8 (RFC 8259 §8.1)");
        }

        try
        {
            using var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            return FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"in-toto statement: not valid JSON ({e.Message})", e);
        }
    }

    private static InTotoStatement FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("in-toto statement: not a JSON object");
        }

        var type = RequiredString(root, "_type");
        if (type != Type && type != TypeV01)
        {
            throw new SignetFormatException($"in-toto statement: _type '{type}' is not {Type}");
        }

        if (!root.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array || subjects.GetArrayLength() == 0)
        {
            throw new SignetFormatException("in-toto statement: 'subject' must be a non-empty array");
        }

        var list = new List<InTotoSubject>();
        foreach (var s in subjects.EnumerateArray())
        {
            list.Add(ReadSubject(s, list.Count));
        }

        var predicateType = RequiredString(root, "predicateType");
        if (predicateType.Length == 0)
        {
            throw new SignetFormatException("in-toto statement: 'predicateType' is empty");
        }

        JsonElement? predicate = null;
        if (root.TryGetProperty("predicate", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            predicate = p.ValueKind == JsonValueKind.Object ? p.Clone() : throw new SignetFormatException("in-toto statement: 'predicate' is not an object");
        }

        return new InTotoStatement(list, predicateType, predicate) { StatementType = type };
    }

    private static InTotoSubject ReadSubject(JsonElement s, int index)
    {
        if (s.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"in-toto statement: subject[{index}] is not an object");
        }

        var name = s.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : string.Empty;
        if (!s.TryGetProperty("digest", out var d) || d.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException($"in-toto statement: subject[{index}].digest is missing or not an object");
        }

        var digest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var alg in d.EnumerateObject())
        {
            if (alg.Value.ValueKind != JsonValueKind.String)
            {
                throw new SignetFormatException($"in-toto statement: subject[{index}].digest.{alg.Name} is not a string");
            }

            if (!digest.TryAdd(alg.Name, alg.Value.GetString()!))
            {
                throw new SignetFormatException($"in-toto statement: subject[{index}].digest.{alg.Name} appears twice");
            }
        }

        if (digest.Count == 0)
        {
            throw new SignetFormatException($"in-toto statement: subject[{index}].digest is empty");
        }

        return new InTotoSubject(name, digest);
    }

    /// <summary>True when some subject has <paramref name="digest"/> under <paramref name="algorithm"/> (e.g. "sha256"), comparing hex case-insensitively.</summary>
    public bool HasSubjectDigest(string algorithm, ReadOnlySpan<byte> digest)
    {
        var hex = Convert.ToHexStringLower(digest);
        foreach (var s in Subject)
        {
            if (s.Digest.TryGetValue(algorithm, out var value) && string.Equals(value, hex, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Serializes with <c>_type</c> = <see cref="StatementType"/>.</summary>
    public byte[] Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("_type", StatementType);
            w.WriteStartArray("subject");
            foreach (var s in Subject)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteStartObject("digest");
                foreach (var (alg, value) in s.Digest)
                {
                    w.WriteString(alg, value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("predicateType", PredicateType);
            if (Predicate is { } p)
            {
                w.WritePropertyName("predicate");
                p.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string RequiredString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new SignetFormatException($"in-toto statement: '{name}' is missing or not a string");
}
