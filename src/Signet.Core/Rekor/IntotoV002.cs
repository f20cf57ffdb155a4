using System.Text.Json.Nodes;
using Signet.Core.Json;

namespace Signet.Core.Rekor;

/// <summary>
/// Rekor v1 <c>intoto</c> 0.0.2 (rekor <c>pkg/types/intoto/v0.0.2</c>), what sigstore-js sends for attestations: a DSSE
/// envelope whose <c>payload</c> and <c>sig</c> are base64 of base64, each signature carrying its key or certificate as
/// base64 of PEM. The log keeps the envelope without its payload plus <c>payloadHash</c> (SHA-256 of the payload) and
/// <c>hash</c> (SHA-256 of the RFC 8785 JSON of the envelope with payload and signatures decoded once, the PEM in
/// clear, as sigstore-js computes it); hashes a client claims must match.
/// </summary>
public static class IntotoV002
{
    /// <summary>The entry kind and its API version.</summary>
    public const string Kind = "intoto", Version = "0.0.2";

    /// <summary>
    /// The request as sigstore-js writes it (<c>@sigstore/sign</c> <c>toProposedIntotoEntry</c>, member order and escaping
    /// of its <c>JSON.stringify</c>): one signature, its verifier's PEM, and the two hashes the log will check.
    /// </summary>
    public static byte[] Request(string payloadType, byte[] payload, byte[] signature, string verifierPem, string? keyId = null)
    {
        var payloadB64 = Convert.ToBase64String(payload);
        var sigB64 = Convert.ToBase64String(signature);
        var one = new JsonObject { ["sig"] = Base64OfText(sigB64), ["publicKey"] = Base64OfText(verifierPem) };
        if (!string.IsNullOrEmpty(keyId))
        {
            one["keyid"] = keyId;
        }

        var content = new JsonObject
        {
            ["envelope"] = new JsonObject { ["payloadType"] = payloadType, ["payload"] = Base64OfText(payloadB64), ["signatures"] = new JsonArray(one) },
            ["hash"] = EnvelopeHash(payloadType, payloadB64, [(Sig: sigB64, Pem: verifierPem, KeyId: keyId)]).ToJson(),
            ["payloadHash"] = RekorHash.Sha256(payload).ToJson(),
        };
        return RekorRequests.Write(RekorRequests.Entry(Kind, Version, new JsonObject { ["content"] = content }), javaScriptStyle: true);
    }

    /// <summary>What the log stores for a request's <paramref name="spec"/>, after every signature verified over the
    /// PAE with its own key (rekor <c>intoto/v0.0.2/entry.go</c>).</summary>
    public static CanonicalizedEntry Canonicalize(JsonField spec)
    {
        var content = spec.RequiredObject("content");
        var envelope = content.RequiredObject("envelope");
        var payloadType = envelope.RequiredString("payloadType", allowEmpty: false);
        var payloadB64 = DecodeOnce(envelope, "payload");
        var payload = Base64(payloadB64, envelope.Path + ".payload");
        var pae = Dsse.Dsse.Pae(payloadType, payload);

        var hashed = new List<(string Sig, string Pem, string? KeyId)>();
        var loggedSignatures = new JsonArray();
        var signers = new List<EntrySigner>();
        foreach (var s in envelope.RequiredArray("signatures", 1, CanonicalizedEntry.MaxSignatures).Items())
        {
            var sigField = s.RequiredString("sig", allowEmpty: false);
            var sigB64 = DecodeOnce(s, "sig");
            var sig = Base64(sigB64, s.Path + ".sig");
            var keyField = s.RequiredString("publicKey", allowEmpty: false);
            var keyPem = DecodeOnce(s, "publicKey");
            var signer = EntrySigner.FromPem(keyPem, s.Path + ".publicKey");
            if (!signer.Verifies(pae, sig))
            {
                throw new SignetFormatException($"intoto 0.0.2: {s.Path} does not verify with its public key");
            }

            var keyId = s.OptionalString("keyid");
            var logged = new JsonObject { ["sig"] = sigField, ["publicKey"] = keyField };
            if (!string.IsNullOrEmpty(keyId))
            {
                logged["keyid"] = keyId;
            }

            hashed.Add((sigB64, keyPem, keyId));
            loggedSignatures.Add((JsonNode)logged);
            signers.Add(signer);
        }

        var envelopeHash = EnvelopeHash(payloadType, payloadB64, hashed);
        var payloadHash = RekorHash.Sha256(payload);
        CheckClaimed(content, "hash", envelopeHash);
        CheckClaimed(content, "payloadHash", payloadHash);

        var stored = new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["envelope"] = new JsonObject { ["payloadType"] = payloadType, ["signatures"] = loggedSignatures },
                ["hash"] = envelopeHash.ToJson(),
                ["payloadHash"] = payloadHash.ToJson(),
            },
        };
        return RekorRequests.Envelope(Kind, Version, stored, payloadHash, envelopeHash, signers, payloadType, payload);
    }

    /// <summary>
    /// The verifier's reading of a stored body's <paramref name="spec"/>: the payload hash, the payload and its type
    /// when stored, and each signature with its key. The stored sig and payload are base64 twice; an inner value that is
    /// not base64 is well-formed content that cannot be this bundle's envelope, so it is a mismatch, not bad input.
    /// </summary>
    public static LogEntryBody Read(JsonField spec)
    {
        var content = spec.RequiredObject("content");
        var payloadHash = RekorHash.Read(content.RequiredObject("payloadHash"));
        var env = content.RequiredObject("envelope");
        var payload = env.OptionalBytes("payload");
        var signatures = env.Array("signatures", s =>
        {
            s.RequireObject();
            var sig = InnerBase64(s.RequiredBytes("sig"), s.Path + ".sig", "signature");
            return new EntrySignature(sig, EntryVerifier.FromPem(s.RequiredBytes("publicKey"), s.Path + ".publicKey"));
        });
        return new LogEntryBody(
            Kind,
            Version,
            null,
            null,
            signatures,
            payloadHash.Digest,
            payload is null ? null : InnerBase64(payload, env.Path + ".payload", "payload"),
            env.OptionalString("payloadType"));
    }

    /// <summary>The envelope hash sigstore-js computes: SHA-256 of the RFC 8785 JSON of <c>{payloadType, payload,
    /// signatures:[{sig, publicKey, keyid?}]}</c> with payload and sig in single base64 and the PEM in clear.</summary>
    private static RekorHash EnvelopeHash(string payloadType, string payloadB64, IEnumerable<(string Sig, string Pem, string? KeyId)> signatures)
    {
        var list = new JsonArray();
        foreach (var (sig, pem, keyId) in signatures)
        {
            var one = new JsonObject { ["sig"] = sig, ["publicKey"] = pem };
            if (!string.IsNullOrEmpty(keyId))
            {
                one["keyid"] = keyId;
            }

            list.Add((JsonNode)one);
        }

        return RekorHash.Sha256(Rfc8785.Canonicalize(new JsonObject { ["payloadType"] = payloadType, ["payload"] = payloadB64, ["signatures"] = list }));
    }

    private static void CheckClaimed(JsonField content, string name, RekorHash computed)
    {
        if (content.OptionalObject(name) is not { } claimed)
        {
            return;
        }

        var algorithm = claimed.RequiredString("algorithm", allowEmpty: false);
        var value = claimed.RequiredString("value", allowEmpty: false);
        if (algorithm != "sha256" || !string.Equals(value, computed.Hex, StringComparison.OrdinalIgnoreCase))
        {
            throw new SignetFormatException($"intoto 0.0.2: {claimed.Path} does not match the envelope (expected sha256 {computed.Hex})");
        }
    }

    private static string Base64OfText(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The member's outer base64 layer, decoded to the text it holds.</summary>
    private static string DecodeOnce(JsonField parent, string name) =>
        System.Text.Encoding.UTF8.GetString(parent.RequiredBase64(name));

    private static byte[] Base64(string s, string path)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw new SignetFormatException($"{path}: not standard base64");
        }
    }

    private static byte[] InnerBase64(byte[] outer, string path, string what)
    {
        try
        {
            return ProtobufJson.DecodeBytes(System.Text.Encoding.UTF8.GetString(outer), path);
        }
        catch (SignetFormatException e)
        {
            throw new Verification.VerificationException(
                Verification.VerificationErrorCode.TransparencyLogEntryMismatch,
                $"log entry does not match the bundle: {path} is not a base64-encoded {what} ({e.Message})",
                e);
        }
    }
}
