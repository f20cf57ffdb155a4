using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;

namespace Signet.Log.Rekor.Entries;

/// <summary>
/// Rekor v1 <c>hashedrekord</c> 0.0.1: a signature over an artifact digest, with the signer's key or certificate as
/// base64 PEM (rekor:pkg/types/hashedrekord/v0.0.1). The server verifies the signature over the digest before
/// accepting it.
/// </summary>
internal static class HashedRekordV001
{
    public const string Kind = "hashedrekord";
    public const string Version = "0.0.1";

    public static CanonicalEntry Canonicalize(JsonElement spec)
    {
        const string p = "spec";
        var signature = EntryJson.Object(spec, "signature", p);
        var sig = EntryJson.Base64(signature, "content", p + ".signature");
        var publicKey = EntryJson.Object(signature, "publicKey", p + ".signature");
        var signer = SignerIdentity.FromBase64Pem(EntryJson.String(publicKey, "content", p + ".signature.publicKey"), p + ".signature.publicKey.content");
        var hash = EntryJson.Object(EntryJson.Object(spec, "data", p), "hash", p + ".data");
        var algorithm = EntryJson.String(hash, "algorithm", p + ".data.hash");
        var (hashName, size) = algorithm switch
        {
            "sha256" => (HashAlgorithmName.SHA256, 32),
            "sha384" => (HashAlgorithmName.SHA384, 48),
            "sha512" => (HashAlgorithmName.SHA512, 64),
            _ => throw new SignetFormatException($"{p}.data.hash.algorithm '{algorithm}' is not sha256, sha384 or sha512"),
        };
        var hex = EntryJson.String(hash, "value", p + ".data.hash").ToLowerInvariant();
        var digest = EntryJson.Hex(hex, p + ".data.hash.value", size);

        bool ok;
        try
        {
            ok = signer.Key.VerifyDigest(digest, hashName, sig);
        }
        catch (NotSupportedException)
        {
            throw new SignetFormatException($"hashedrekord 0.0.1 cannot verify a {signer.Key.DefaultAlgorithm} signature over a digest");
        }

        if (!ok)
        {
            throw new SignetFormatException("hashedrekord 0.0.1: the signature does not verify against the given key and digest");
        }

        var body = new JsonObject
        {
            ["apiVersion"] = Version,
            ["kind"] = Kind,
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = algorithm, ["value"] = hex } },
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(sig),
                    ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(signer.ToPem())) },
                },
            },
        };
        return new CanonicalEntry(Kind, Version, CanonicalJson.Of(body), [SearchKeys.Hash(algorithm, hex), .. signer.SearchKeys]);
    }
}
