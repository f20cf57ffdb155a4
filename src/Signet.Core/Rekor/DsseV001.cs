using System.Text.Json.Nodes;
using Signet.Core.Dsse;
using Signet.Core.Json;

namespace Signet.Core.Rekor;

/// <summary>
/// Rekor v1 <c>dsse</c> 0.0.1 (rekor <c>pkg/types/dsse/v0.0.1</c>): the client proposes the envelope (as a JSON
/// string) and the verifiers' keys or certificates (base64 of PEM); every signature must verify with one of them. The
/// log keeps the SHA-256 of the envelope and of the payload and the (signature, verifier) pairs sorted by signature:
/// <c>{"apiVersion":"0.0.1","kind":"dsse","spec":{"envelopeHash","payloadHash","signatures":[{"signature","verifier"}]}}</c>.
/// </summary>
public static class DsseV001
{
    /// <summary>The entry kind and its API version.</summary>
    public const string Kind = "dsse", Version = "0.0.1";

    /// <summary>The request a signer sends (POST <c>/api/v1/log/entries</c>): its one-signature envelope and its verifier's PEM.</summary>
    public static byte[] Request(string payloadType, byte[] payload, byte[] signature, string verifierPem)
    {
        var envelope = new DsseEnvelope(payloadType, payload, [new DsseSignature(null, signature)]).ToJson();
        var proposed = new JsonObject
        {
            ["envelope"] = System.Text.Encoding.UTF8.GetString(envelope),
            ["verifiers"] = new JsonArray(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(verifierPem))),
        };
        return RekorRequests.Write(RekorRequests.Entry(Kind, Version, new JsonObject { ["proposedContent"] = proposed }));
    }

    /// <summary>What the log stores for a request's <paramref name="spec"/> (rekor <c>dsse/v0.0.1/entry.go</c>
    /// <c>Canonicalize</c>), after every envelope signature verified over the PAE with one of the verifiers.</summary>
    public static CanonicalizedEntry Canonicalize(JsonField spec)
    {
        var proposed = spec.RequiredObject("proposedContent");
        var envelopeText = proposed.RequiredString("envelope", allowEmpty: false);
        var verifiers = new List<(string Pem, EntrySigner Signer)>();
        foreach (var v in proposed.RequiredArray("verifiers", 1, CanonicalizedEntry.MaxSignatures).Items())
        {
            var signer = EntrySigner.FromBase64Pem(v.GetString(), v.Path);
            verifiers.Add((signer.ToPem(), signer));
        }

        var envelopeBytes = System.Text.Encoding.UTF8.GetBytes(envelopeText);
        var envelopePath = proposed.Path + ".envelope";
        using var doc = StrictJson.Parse(envelopeBytes, envelopePath, JsonLimits.RekorEntry);
        var env = JsonField.Root(doc.RootElement, envelopePath);
        var payloadType = env.RequiredString("payloadType", allowEmpty: false);
        var payload = env.RequiredBase64("payload");
        var pae = Dsse.Dsse.Pae(payloadType, payload);
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var signers = new List<EntrySigner>();
        foreach (var s in env.RequiredArray("signatures", 1, CanonicalizedEntry.MaxSignatures).Items())
        {
            var sigText = s.RequiredString("sig", allowEmpty: false);
            var sig = s.RequiredBase64("sig");
            var match = verifiers.FirstOrDefault(v => v.Signer.Verifies(pae, sig));
            if (match.Pem is null)
            {
                throw new SignetFormatException($"dsse 0.0.1: {s.Path} does not verify with any of the given verifiers");
            }

            pairs[sigText] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(match.Pem));
            signers.Add(match.Signer);
        }

        var payloadHash = RekorHash.Sha256(payload);
        var envelopeHash = RekorHash.Sha256(envelopeBytes);
        var signatures = new JsonArray();
        foreach (var (sig, verifier) in pairs)
        {
            signatures.Add((JsonNode)new JsonObject { ["signature"] = sig, ["verifier"] = verifier });
        }

        var stored = new JsonObject { ["envelopeHash"] = envelopeHash.ToJson(), ["payloadHash"] = payloadHash.ToJson(), ["signatures"] = signatures };
        return RekorRequests.Envelope(Kind, Version, stored, payloadHash, envelopeHash, signers, payloadType, payload);
    }

    /// <summary>The verifier's reading of a stored body's <paramref name="spec"/>: the payload hash and each signature
    /// with its verifier.</summary>
    public static LogEntryBody Read(JsonField spec)
    {
        var payloadHash = RekorHash.Read(spec.RequiredObject("payloadHash"));
        var signatures = spec.Array("signatures", s =>
        {
            s.RequireObject();
            return new EntrySignature(s.RequiredBytes("signature"), EntryVerifier.FromPem(s.RequiredBytes("verifier"), s.Path + ".verifier"));
        });
        return new LogEntryBody(Kind, Version, null, null, signatures, payloadHash.Digest, null, null);
    }
}
