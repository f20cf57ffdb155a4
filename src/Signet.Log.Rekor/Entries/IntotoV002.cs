using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;

namespace Signet.Log.Rekor.Entries;

/// <summary>
/// Rekor v1 <c>intoto</c> 0.0.2 (rekor:pkg/types/intoto/v0.0.2), what sigstore-js sends for attestations: a DSSE
/// envelope whose <c>payload</c> and <c>sig</c> are base64 of base64, each signature carrying its key or certificate
/// as base64 PEM. Every signature must verify over the PAE. The log keeps the envelope without its payload plus
/// <c>payloadHash</c> (SHA-256 of the payload) and <c>hash</c> (SHA-256 of the canonical JSON of the envelope with
/// payload and signatures decoded once, as sigstore-js computes it); client-supplied hashes must match.
/// </summary>
internal static class IntotoV002
{
    public const string Kind = "intoto";
    public const string Version = "0.0.2";
    private const int MaxSignatures = 16;

    public static CanonicalEntry Canonicalize(JsonElement spec)
    {
        var content = EntryJson.Object(spec, "content", "spec");
        const string p = "spec.content.envelope";
        var envelope = EntryJson.Object(content, "envelope", "spec.content");
        var payloadType = EntryJson.String(envelope, "payloadType", p);
        var payloadB64 = DecodeOnce(EntryJson.String(envelope, "payload", p), p + ".payload");
        var payload = Base64(payloadB64, p + ".payload");
        var pae = Signet.Core.Dsse.Dsse.Pae(payloadType, payload);

        var hashedSignatures = new JsonArray();
        var loggedSignatures = new JsonArray();
        var keys = new List<string>();
        var i = 0;
        foreach (var s in EntryJson.Array(envelope, "signatures", p, MaxSignatures).EnumerateArray())
        {
            var path = $"{p}.signatures[{i++}]";
            var sigField = EntryJson.String(s, "sig", path);
            var sigB64 = DecodeOnce(sigField, path + ".sig");
            var sig = Base64(sigB64, path + ".sig");
            var keyField = EntryJson.String(s, "publicKey", path);
            var keyPem = DecodeOnce(keyField, path + ".publicKey");
            var signer = SignerIdentity.FromPem(keyPem, path + ".publicKey");
            if (!DsseV001.SafeVerify(signer, pae, sig))
            {
                throw new SignetFormatException($"intoto 0.0.2: {path} does not verify with its public key");
            }

            var keyId = EntryJson.OptionalString(s, "keyid", path);
            var hashed = new JsonObject { ["sig"] = sigB64, ["publicKey"] = keyPem };
            var logged = new JsonObject { ["sig"] = sigField, ["publicKey"] = keyField };
            if (!string.IsNullOrEmpty(keyId))
            {
                hashed["keyid"] = keyId;
                logged["keyid"] = keyId;
            }

            hashedSignatures.Add((JsonNode)hashed);
            loggedSignatures.Add((JsonNode)logged);
            keys.AddRange(signer.SearchKeys);
        }

        var envelopeHash = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Of(new JsonObject
        {
            ["payloadType"] = payloadType,
            ["payload"] = payloadB64,
            ["signatures"] = hashedSignatures,
        })));
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(payload));
        CheckClaimed(content, "hash", envelopeHash);
        CheckClaimed(content, "payloadHash", payloadHash);

        var body = new JsonObject
        {
            ["apiVersion"] = Version,
            ["kind"] = Kind,
            ["spec"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["envelope"] = new JsonObject { ["payloadType"] = payloadType, ["signatures"] = loggedSignatures },
                    ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = envelopeHash },
                    ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = payloadHash },
                },
            },
        };
        keys.Add(SearchKeys.Hash("sha256", payloadHash));
        keys.Add(SearchKeys.Hash("sha256", envelopeHash));
        keys.AddRange(InTotoSubjects.SearchKeys(payloadType, payload));
        return new CanonicalEntry(Kind, Version, CanonicalJson.Of(body), keys.Distinct(StringComparer.Ordinal).ToArray());
    }

    private static void CheckClaimed(JsonElement content, string name, string computed)
    {
        if (EntryJson.OptionalObject(content, name, "spec.content") is not { } claimed)
        {
            return;
        }

        var algorithm = EntryJson.String(claimed, "algorithm", "spec.content." + name);
        var value = EntryJson.String(claimed, "value", "spec.content." + name);
        if (algorithm != "sha256" || !string.Equals(value, computed, StringComparison.OrdinalIgnoreCase))
        {
            throw new SignetFormatException($"intoto 0.0.2: spec.content.{name} does not match the envelope (expected sha256 {computed})");
        }
    }

    private static string DecodeOnce(string base64, string path) => Encoding.UTF8.GetString(Base64(base64, path));

    private static byte[] Base64(string s, string path)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw new SignetFormatException($"{path} is not standard base64");
        }
    }
}
