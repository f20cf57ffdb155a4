using System.Buffers;
using System.Text.Json;
using Signet.Core.Json;

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

    /// <summary>The <c>_type</c> of an in-toto Statement v1, the one Signet writes.</summary>
    public const string Type = "https://in-toto.io/Statement/v1";

    /// <summary>The older statement type Sigstore clients still produce; read, never written.</summary>
    public const string TypeV01 = "https://in-toto.io/Statement/v0.1";

    /// <summary>The largest statement JSON accepted (16 MiB).</summary>
    public const int MaxStatementBytes = 16 * 1024 * 1024;

    private const string What = "in-toto statement";

    // A statement may name many subjects and carry any predicate: only the size bounds the item count.
    private static readonly JsonLimits Limits = new(MaxStatementBytes, 64, 1 << 20);

    /// <summary>The <c>_type</c> read from the JSON (<see cref="Type"/> when built in code).</summary>
    public string StatementType { get; init; } = Type;

    /// <summary>
    /// Parses a statement (v1 or v0.1 <c>_type</c>, at most <see cref="MaxStatementBytes"/>) through the strict JSON
    /// reader; a missing subject or predicate type is refused.
    /// </summary>
    public static InTotoStatement Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxStatementBytes)
        {
            throw new SignetFormatException($"in-toto statement: {json.Length} bytes exceeds the limit of {MaxStatementBytes}");
        }

        using var doc = StrictJson.Parse(json.ToArray(), What, Limits);
        return Read(JsonField.Root(doc.RootElement, What));
    }

    /// <summary>
    /// A predicate given to be signed (the contents of a predicate file): a JSON object, read through the strict JSON
    /// reader as statements are, so what is signed is what every verifier reads (no member named twice, valid Unicode,
    /// nothing after the object).
    /// </summary>
    /// <exception cref="SignetFormatException">It is not one JSON object.</exception>
    public static JsonElement ParsePredicate(ReadOnlySpan<byte> json)
    {
        using var doc = StrictJson.Parse(json.ToArray(), "predicate", Limits);
        return JsonField.Root(doc.RootElement, "predicate").RequireObject().Element.Clone();
    }

    private static InTotoStatement Read(JsonField root)
    {
        root.RequireObject();
        var type = root.RequiredString("_type");
        if (type != Type && type != TypeV01)
        {
            throw root.ErrorAt("_type", $"'{type}' is not {Type}");
        }

        if (!root.TryGet("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array || subjects.Element.GetArrayLength() == 0)
        {
            throw root.ErrorAt("subject", "must be a non-empty array");
        }

        var list = subjects.Items().Select(ReadSubject).ToList();
        var predicateType = root.RequiredString("predicateType", allowEmpty: false);
        var predicate = root.OptionalObject("predicate")?.Element.Clone();
        return new InTotoStatement(list, predicateType, predicate) { StatementType = type };
    }

    private static InTotoSubject ReadSubject(JsonField s)
    {
        s.RequireObject();
        var name = s.TryGet("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : string.Empty;
        var digest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (alg, value) in s.RequiredObject("digest").Members())
        {
            // StrictJson refuses duplicate names, so each algorithm appears once.
            digest[alg] = value.GetString();
        }

        return digest.Count > 0 ? new InTotoSubject(name, digest) : throw s.ErrorAt("digest", "empty");
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
}
