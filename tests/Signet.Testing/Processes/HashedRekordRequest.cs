using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Keys;

namespace Signet.Testing.Processes;

/// <summary>A Rekor v1 proposed entry (hashedrekord 0.0.1) for an artifact signed by a key, as the log tests post it.</summary>
public static class HashedRekordRequest
{
    /// <summary>The JSON of <c>POST /api/v1/log/entries</c> for <paramref name="artifact"/> signed by <paramref name="key"/>.</summary>
    public static string V001(SigningKey key, byte[] artifact) => new JsonObject
    {
        ["kind"] = "hashedrekord",
        ["apiVersion"] = "0.0.1",
        ["spec"] = new JsonObject
        {
            ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(artifact)) } },
            ["signature"] = new JsonObject
            {
                ["content"] = Convert.ToBase64String(key.Sign(artifact)),
                ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.PublicKey.ToPem())) },
            },
        },
    }.ToJsonString();
}
