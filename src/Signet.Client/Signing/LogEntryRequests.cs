using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Client.Signing;

/// <summary>
/// The write requests a signer sends to a transparency log: Rekor v1 proposed entries (hashedrekord 0.0.1 for
/// message signatures, dsse 0.0.1 for envelopes) and Rekor v2 <c>hashedRekordRequestV002</c> (for envelopes, over
/// the digest of the PAE, as client-spec §4.4 and rekor-tiles prescribe).
/// </summary>
internal static class LogEntryRequests
{
    /// <summary>rekor <c>pkg/types/hashedrekord/v0.0.1</c>: digest hex, signature, verifier as base64 of PEM.</summary>
    public static byte[] HashedRekordV001(byte[] sha256, byte[] signature, string verifierPem) => Write(w =>
    {
        w.WriteString("apiVersion", "0.0.1");
        w.WriteString("kind", "hashedrekord");
        w.WriteStartObject("spec");
        w.WriteStartObject("data");
        w.WriteStartObject("hash");
        w.WriteString("algorithm", "sha256");
        w.WriteString("value", Hex.Encode(sha256));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("signature");
        w.WriteString("content", Convert.ToBase64String(signature));
        w.WriteStartObject("publicKey");
        w.WriteString("content", Convert.ToBase64String(Encoding.UTF8.GetBytes(verifierPem)));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>rekor <c>pkg/types/dsse/v0.0.1</c>: the envelope as a JSON string plus the verifiers (base64 of PEM).</summary>
    public static byte[] DsseV001(string payloadType, byte[] payload, byte[] signature, string verifierPem) => Write(w =>
    {
        w.WriteString("apiVersion", "0.0.1");
        w.WriteString("kind", "dsse");
        w.WriteStartObject("spec");
        w.WriteStartObject("proposedContent");
        w.WriteString("envelope", Encoding.UTF8.GetString(EnvelopeJson(payloadType, payload, signature)));
        w.WriteStartArray("verifiers");
        w.WriteStringValue(Convert.ToBase64String(Encoding.UTF8.GetBytes(verifierPem)));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>rekor-tiles <c>HashedRekordRequestV002</c>: digest, signature and the verifier (certificate or key).</summary>
    public static byte[] HashedRekordV002(byte[] sha256, byte[] signature, byte[]? certificateDer, VerificationKey key, SigningAlgorithm algorithm)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("hashedRekordRequestV002");
            w.WriteString("digest", Convert.ToBase64String(sha256));
            w.WriteStartObject("signature");
            w.WriteString("content", Convert.ToBase64String(signature));
            w.WriteStartObject("verifier");
            if (certificateDer is not null)
            {
                w.WriteStartObject("x509Certificate");
                w.WriteString("rawBytes", Convert.ToBase64String(certificateDer));
            }
            else
            {
                w.WriteStartObject("publicKey");
                w.WriteString("rawBytes", Convert.ToBase64String(key.SpkiDer));
            }

            w.WriteEndObject();
            w.WriteString("keyDetails", SigningAlgorithms.ToRegistryName(algorithm));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A DSSE envelope in its JSON form (<c>payload</c>, <c>payloadType</c>, <c>signatures[{sig}]</c>).</summary>
    public static byte[] EnvelopeJson(string payloadType, byte[] payload, byte[] signature)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("payload", Convert.ToBase64String(payload));
            w.WriteString("payloadType", payloadType);
            w.WriteStartArray("signatures");
            w.WriteStartObject();
            w.WriteString("sig", Convert.ToBase64String(signature));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] Sha256(byte[] data) => SHA256.HashData(data);

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
