using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Bundles;

/// <summary>
/// The bundle's <c>dsseEnvelope</c> field (protobuf-specs <c>io.intoto.Envelope</c>) as it appears on the wire:
/// payload bytes, payload type and signatures. The DSSE rules (PAE, signing) live in <c>Signet.Core.Dsse</c>.
/// </summary>
public sealed record Envelope(byte[] Payload, string PayloadType, IReadOnlyList<EnvelopeSignature> Signatures)
{
    internal static Envelope Read(JsonField e)
    {
        var payload = e.RequiredBytes("payload");
        var type = e.RequiredString("payloadType");
        var sigs = e.Array("signatures", s =>
        {
            s.RequireObject();
            var sig = s.RequiredBytes("sig");
            if (sig.Length == 0)
            {
                throw s.ErrorAt("sig", "empty");
            }

            return new EnvelopeSignature(sig, s.OptionalString("keyid"));
        });
        return new Envelope(payload, type, sigs);
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("dsseEnvelope");
        ProtobufJson.WriteBytes(w, "payload", Payload);
        w.WriteString("payloadType", PayloadType);
        w.WriteStartArray("signatures");
        foreach (var s in Signatures)
        {
            w.WriteStartObject();
            ProtobufJson.WriteBytes(w, "sig", s.Sig);
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
