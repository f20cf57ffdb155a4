using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Keys;

namespace Signet.Log.Rekor.Tests;

/// <summary>Builds real, signed Rekor entry requests for tests.</summary>
public static class RekorRequests
{
    private static readonly SigningKey Key = SigningKey.GenerateEcdsaP256();

    public static SigningKey SharedKey => Key;

    /// <summary>A Rekor v1 hashedrekord 0.0.1 request over <paramref name="artifact"/>.</summary>
    public static byte[] HashedRekordV001(byte[] artifact, SigningKey? key = null, byte[]? signatureOverride = null)
    {
        key ??= Key;
        var sig = signatureOverride ?? key.Sign(artifact);
        var pem = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.PublicKey.ToPem()));
        var hex = Convert.ToHexStringLower(SHA256.HashData(artifact));
        var node = new JsonObject
        {
            ["kind"] = "hashedrekord",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = hex } },
                ["signature"] = new JsonObject { ["content"] = Convert.ToBase64String(sig), ["publicKey"] = new JsonObject { ["content"] = pem } },
            },
        };
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>A Rekor v2 hashedRekordRequestV002 over <paramref name="artifact"/> with a public key verifier.</summary>
    public static byte[] HashedRekordV002(byte[] artifact, SigningKey? key = null)
    {
        key ??= Key;
        var sig = key.Sign(artifact);
        var node = new JsonObject
        {
            ["hashedRekordRequestV002"] = new JsonObject
            {
                ["digest"] = Convert.ToBase64String(SHA256.HashData(artifact)),
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(sig),
                    ["verifier"] = new JsonObject
                    {
                        ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(key.PublicKey.SpkiDer) },
                        ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256",
                    },
                },
            },
        };
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
