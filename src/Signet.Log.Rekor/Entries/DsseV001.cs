using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;

namespace Signet.Log.Rekor.Entries;

/// <summary>
/// Rekor v1 <c>dsse</c> 0.0.1 (rekor:pkg/types/dsse/v0.0.1): the client proposes the envelope (as a JSON string) and
/// the verifier keys; every signature must verify with one of them. The log keeps the envelope and payload hashes
/// and the (signature, verifier) pairs sorted by signature.
/// </summary>
internal static class DsseV001
{
    public const string Kind = "dsse";
    public const string Version = "0.0.1";
    private const int MaxSignatures = 16;

    public static CanonicalEntry Canonicalize(JsonElement spec)
    {
        const string p = "spec.proposedContent";
        var proposed = EntryJson.Object(spec, "proposedContent", "spec");
        var envelopeText = EntryJson.String(proposed, "envelope", p);
        var verifierArray = EntryJson.Array(proposed, "verifiers", p, MaxSignatures);
        var verifiers = new List<(string Pem, SignerIdentity Signer)>();
        var i = 0;
        foreach (var v in verifierArray.EnumerateArray())
        {
            var path = $"{p}.verifiers[{i++}]";
            if (v.ValueKind != JsonValueKind.String)
            {
                throw new SignetFormatException($"{path} is not a string");
            }

            var signer = SignerIdentity.FromBase64Pem(v.GetString()!, path);
            verifiers.Add((signer.ToPem(), signer));
        }

        var envelopeBytes = Encoding.UTF8.GetBytes(envelopeText);
        using var doc = EntryJson.Parse(envelopeBytes, p + ".envelope");
        var env = doc.RootElement;
        var payloadType = EntryJson.String(env, "payloadType", "envelope");
        var payload = EntryJson.Base64(env, "payload", "envelope");
        var pae = Signet.Core.Dsse.Dsse.Pae(payloadType, payload);
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var keys = new List<string>();
        i = 0;
        foreach (var s in EntryJson.Array(env, "signatures", "envelope", MaxSignatures).EnumerateArray())
        {
            var path = $"envelope.signatures[{i++}]";
            var sigText = EntryJson.String(s, "sig", path);
            var sig = EntryJson.Base64(s, "sig", path);
            var match = verifiers.FirstOrDefault(v => SafeVerify(v.Signer, pae, sig));
            if (match.Pem is null)
            {
                throw new SignetFormatException($"dsse 0.0.1: {path} does not verify with any of the given verifiers");
            }

            pairs[sigText] = Convert.ToBase64String(Encoding.UTF8.GetBytes(match.Pem));
            keys.AddRange(match.Signer.SearchKeys);
        }

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(payload));
        var envelopeHash = Convert.ToHexStringLower(SHA256.HashData(envelopeBytes));
        var signatures = new JsonArray();
        foreach (var (sig, verifier) in pairs)
        {
            signatures.Add((JsonNode)new JsonObject { ["signature"] = sig, ["verifier"] = verifier });
        }

        var body = new JsonObject
        {
            ["apiVersion"] = Version,
            ["kind"] = Kind,
            ["spec"] = new JsonObject
            {
                ["envelopeHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = envelopeHash },
                ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = payloadHash },
                ["signatures"] = signatures,
            },
        };
        keys.Add(SearchKeys.Hash("sha256", payloadHash));
        keys.Add(SearchKeys.Hash("sha256", envelopeHash));
        keys.AddRange(InTotoSubjects.SearchKeys(payloadType, payload));
        return new CanonicalEntry(Kind, Version, CanonicalJson.Of(body), keys.Distinct(StringComparer.Ordinal).ToArray());
    }

    internal static bool SafeVerify(SignerIdentity signer, byte[] data, byte[] sig)
    {
        try
        {
            return signer.Key.Verify(data, sig);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or NotSupportedException)
        {
            return false;
        }
    }
}
