using System.Buffers;
using System.Text.Json;
using Signet.Core.Json;

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

    private const string What = "DSSE envelope";

    private static readonly JsonLimits Limits = new(MaxEnvelopeBytes, 16, 1024);

    /// <summary>
    /// Parses an envelope's JSON (at most <see cref="MaxEnvelopeBytes"/>, <see cref="MaxSignatures"/> signatures)
    /// through the strict JSON reader.
    /// </summary>
    public static DsseEnvelope Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxEnvelopeBytes)
        {
            throw new SignetFormatException($"DSSE envelope: {json.Length} bytes exceeds the limit of {MaxEnvelopeBytes}");
        }

        using var doc = StrictJson.Parse(json.ToArray(), What, Limits);
        return Read(JsonField.Root(doc.RootElement, What));
    }

    /// <summary>Reads an envelope from an already parsed JSON element (e.g. inside a Sigstore bundle).</summary>
    public static DsseEnvelope FromJson(JsonElement e) => Read(JsonField.Root(e, What));

    private static DsseEnvelope Read(JsonField e)
    {
        e.RequireObject();
        var payloadType = e.RequiredString("payloadType");
        var payload = DecodeBase64(e, "payload");
        var list = new List<DsseSignature>();
        foreach (var s in e.RequiredArray("signatures", 0, MaxSignatures).Items())
        {
            s.RequireObject();
            list.Add(new DsseSignature(s.OptionalString("keyid"), DecodeBase64(s, "sig")));
        }

        return new DsseEnvelope(payloadType, payload, list);
    }

    /// <summary>Writes the envelope as compact JSON with standard base64 payload and signatures.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteTo(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the envelope as one JSON object on <paramref name="writer"/> (as a bundle's <c>dsseEnvelope</c>).
    /// </summary>
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

    // DSSE envelope.md: "Either standard or URL-safe encoding is allowed."
    private static byte[] DecodeBase64(JsonField parent, string name)
    {
        var s = parent.RequiredString(name);
        var buffer = new byte[(s.Length / 4 * 3) + 3];
        if (Encoding.Base64Std.TryDecode(s, buffer, out var written))
        {
            return buffer.AsSpan(0, written).ToArray();
        }

        return Encoding.Base64Url.Decode(s, $"{parent.Path}.{name}");
    }
}
