using System.Text.Json;

namespace Signet.Core.Bundle;

/// <summary>
/// The bundle's <c>dsseEnvelope</c> field (protobuf-specs <c>io.intoto.Envelope</c>) as it appears on the wire:
/// payload bytes, payload type and signatures. The DSSE rules (PAE, signing) live in <c>Signet.Core.Dsse</c>.
/// </summary>
public sealed record Envelope(byte[] Payload, string PayloadType, IReadOnlyList<EnvelopeSignature> Signatures)
{
    internal static Envelope Read(JsonElement e, string path)
    {
        var payload = ProtoJson.RequiredBytes(e, "payload", path);
        var type = ProtoJson.RequiredString(e, "payloadType", path);
        var sigs = ProtoJson.Array(e, "signatures", path, (s, p) =>
        {
            ProtoJson.RequireObject(s, p);
            var sig = ProtoJson.RequiredBytes(s, "sig", p);
            if (sig.Length == 0)
            {
                throw new SignetFormatException($"{p}.sig: empty");
            }

            return new EnvelopeSignature(sig, ProtoJson.OptionalString(s, "keyid", p));
        });
        return new Envelope(payload, type, sigs);
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("dsseEnvelope");
        ProtoJson.WriteBytes(w, "payload", Payload);
        w.WriteString("payloadType", PayloadType);
        w.WriteStartArray("signatures");
        foreach (var s in Signatures)
        {
            w.WriteStartObject();
            ProtoJson.WriteBytes(w, "sig", s.Sig);
            if (s.KeyId is not null)
            {
                w.WriteString("keyid", s.KeyId);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>One DSSE signature: the signature bytes and the optional, unauthenticated key id.</summary>
public sealed record EnvelopeSignature(byte[] Sig, string? KeyId);
