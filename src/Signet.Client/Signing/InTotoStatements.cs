using System.Security.Cryptography;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.InToto;

namespace Signet.Client.Signing;

/// <summary>
/// Builds and checks in-toto Statement v1 documents (in-toto attestation spec, statement.md) for attestations:
/// subjects with SHA-256 digests, a predicate type, and a predicate.
/// </summary>
public static class InTotoStatements
{
    /// <summary>Upper bound on a statement or predicate file.</summary>
    public const int MaxSize = 16 * 1024 * 1024;

    /// <summary>cosign's <c>--type</c> short names (cosign doc/cosign_attest.md) for the predicate types Signet accepts; any absolute URI is taken as is.</summary>
    public static string PredicateTypeOf(string type) => type switch
    {
        "slsaprovenance1" => SlsaPredicateTypes.V1,
        "slsaprovenance" or "slsaprovenance02" => SlsaPredicateTypes.V02,
        "spdxjson" or "spdx" => "https://spdx.dev/Document",
        "cyclonedx" => "https://cyclonedx.org/bom",
        "openvex" => "https://openvex.dev/ns",
        "vuln" => "https://cosign.sigstore.dev/attestation/vuln/v1",
        "link" => "https://in-toto.io/Link/v1",
        "custom" => "https://cosign.sigstore.dev/attestation/v1",
        _ when Uri.TryCreate(type, UriKind.Absolute, out _) => type,
        _ => throw new SignetFormatException($"predicate type '{type}' is neither a known short name (slsaprovenance1, spdxjson, cyclonedx, openvex, …) nor a URI"),
    };

    /// <summary>A statement with one subject per (name, bytes) and <paramref name="predicateJson"/> as predicate.</summary>
    public static byte[] Create(IEnumerable<(string Name, byte[] Sha256)> subjects, string predicateType, ReadOnlySpan<byte> predicateJson)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        JsonDocument predicate;
        try
        {
            var reader = new Utf8JsonReader(predicateJson);
            predicate = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"predicate: not JSON ({e.Message})", e);
        }

        using (predicate)
        {
            if (predicate.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SignetFormatException("predicate: not a JSON object");
            }

            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("_type", InTotoStatement.Type);
                w.WriteStartArray("subject");
                foreach (var (name, digest) in subjects)
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteStartObject("digest");
                    w.WriteString("sha256", Hex.Encode(digest));
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("predicateType", predicateType);
                w.WritePropertyName("predicate");
                predicate.RootElement.WriteTo(w);
                w.WriteEndObject();
            }

            return buffer.ToArray();
        }
    }

    /// <summary>
    /// Checks <paramref name="statement"/> is an in-toto Statement v1 with subjects and a predicate type; when
    /// <paramref name="artifact"/> is given, one subject's sha256 must be its digest.
    /// </summary>
    /// <exception cref="SignetFormatException">It is not, naming what is wrong.</exception>
    public static void Check(ReadOnlySpan<byte> statement, byte[]? artifact)
    {
        try
        {
            var reader = new Utf8JsonReader(statement);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SignetFormatException("in-toto statement: not a JSON object");
            }

            if (!root.TryGetProperty("_type", out var t) || t.GetString() != InTotoStatement.Type)
            {
                throw new SignetFormatException($"in-toto statement: _type is not {InTotoStatement.Type}");
            }

            if (!root.TryGetProperty("predicateType", out var pt) || pt.ValueKind != JsonValueKind.String || pt.GetString()!.Length == 0)
            {
                throw new SignetFormatException("in-toto statement: predicateType is missing");
            }

            if (!root.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array || subjects.GetArrayLength() == 0)
            {
                throw new SignetFormatException("in-toto statement: no subject");
            }

            if (artifact is null)
            {
                return;
            }

            var want = Hex.Encode(SHA256.HashData(artifact));
            foreach (var s in subjects.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.Object
                    && d.TryGetProperty("sha256", out var h) && string.Equals(h.GetString(), want, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }

            throw new SignetFormatException($"in-toto statement: no subject has the artifact's sha256 {want}");
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"in-toto statement: not JSON ({e.Message})", e);
        }
    }
}
