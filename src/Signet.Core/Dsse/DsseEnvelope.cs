using System.Buffers;
using System.Text.Json;

namespace Signet.Core.Dsse;

/// <summary>One DSSE signature (secure-systems-lab/dsse envelope.md): optional key ID and the signature bytes over the PAE.</summary>
public sealed record DsseSignature(string? KeyId, byte[] Sig);

/// <summary>
/// A DSSE envelope (secure-systems-lab/dsse envelope.md) in its JSON form, which is also the protobuf JSON mapping Sigstore
/// bundles use: <c>{"payload": b64, "payloadType": "...", "signatures": [{"keyid": "...", "sig": b64}]}</c>.
/// </summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>The largest envelope JSON accepted (32 MiB).</summary>
    public const int MaxEnvelopeBytes = 32 * 1024 * 1024;

    /// <summary>The most signatures read from one envelope.</summary>
    public const int MaxSignatures = 64;

    public static DsseEnvelope Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxEnvelopeBytes)
        {
            throw new SignetFormatException($"DSSE envelope: {json.Length} bytes exceeds the limit of {MaxEnvelopeBytes}");
        }

        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new SignetFormatException("DSSE envelope: not valid UTF-8 (RFC 8259 §8.1)");
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != json.Length && !IsWhitespace(json[(int)reader.BytesConsumed..]))
            {
                throw new SignetFormatException("DSSE envelope: trailing data after the JSON object");
            }

            return FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"DSSE envelope: not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Reads an envelope from an already parsed JSON element (e.g. inside a Sigstore bundle).</summary>
    public static DsseEnvelope FromJson(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("DSSE envelope: not a JSON object");
        }

        var payloadType = RequiredString(e, "payloadType");
        var payload = DecodeBase64(RequiredString(e, "payload"), "DSSE envelope: payload");
        if (!e.TryGetProperty("signatures", out var sigs) || sigs.ValueKind != JsonValueKind.Array)
        {
            throw new SignetFormatException("DSSE envelope: 'signatures' is missing or not an array");
        }

        if (sigs.GetArrayLength() > MaxSignatures)
        {
            throw new SignetFormatException($"DSSE envelope: more than {MaxSignatures} signatures");
        }

        var list = new List<DsseSignature>();
        foreach (var s in sigs.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Object)
            {
                throw new SignetFormatException($"DSSE envelope: signatures[{list.Count}] is not an object");
            }

            string? keyId = null;
            if (s.TryGetProperty("keyid", out var k) && k.ValueKind != JsonValueKind.Null)
            {
                keyId = k.ValueKind == JsonValueKind.String ? k.GetString() : throw new SignetFormatException($"DSSE envelope: signatures[{list.Count}].keyid is not a string");
            }

            var sig = DecodeBase64(RequiredString(s, "sig", $"signatures[{list.Count}]."), $"DSSE envelope: signatures[{list.Count}].sig");
            list.Add(new DsseSignature(keyId, sig));
        }

        return new DsseEnvelope(payloadType, payload, list);
    }

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteTo(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("payload", Convert.ToBase64String(Payload));
        writer.WriteString("payloadType", PayloadType);
        writer.WriteStartArray("signatures");
        foreach (var s in Signatures)
        {
            writer.WriteStartObject();
            writer.WriteString("sig", Convert.ToBase64String(s.Sig));
            if (!string.IsNullOrEmpty(s.KeyId))
            {
                writer.WriteString("keyid", s.KeyId);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string RequiredString(JsonElement e, string name, string prefix = "")
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
        {
            throw new SignetFormatException($"DSSE envelope: '{prefix}{name}' is missing or not a string");
        }

        return v.GetString()!;
    }

    // DSSE envelope.md: "Either standard or URL-safe encoding is allowed."
    private static byte[] DecodeBase64(string s, string what)
    {
        var buffer = new byte[(s.Length / 4 * 3) + 3];
        if (Encoding.Base64Std.TryDecode(s, buffer, out var written))
        {
            return buffer.AsSpan(0, written).ToArray();
        }

        return Encoding.Base64Url.Decode(s, what);
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
