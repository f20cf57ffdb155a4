using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Keys;

namespace Signet.Cli.Tests.Log;

/// <summary>A Rekor v1 proposed entry (hashedrekord 0.0.1) for an artifact signed by a key, as the log tests post it.</summary>
internal static class HashedRekordRequest
{
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
