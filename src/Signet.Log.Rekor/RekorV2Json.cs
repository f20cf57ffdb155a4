using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Log.Engine;
using Signet.Log.Storage;

namespace Signet.Log.Rekor;

/// <summary>Rekor v2's response: a <c>dev.sigstore.rekor.v1.TransparencyLogEntry</c> in the protobuf JSON mapping
/// (64-bit integers as strings, bytes as base64, zero values omitted: Rekor v2 sets no integratedTime and no SET).</summary>
internal static class RekorV2Json
{
    public static JsonObject TransparencyLogEntry(LogKey key, ulong index, string kind, string version, byte[] body, IntegratedState state, IReadOnlyList<byte[]> proof)
    {
        var hashes = new JsonArray();
        foreach (var h in proof)
        {
            hashes.Add((JsonNode)Convert.ToBase64String(h));
        }

        return new JsonObject
        {
            ["logIndex"] = index.ToString(CultureInfo.InvariantCulture),
            ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(key.LogId) },
            ["kindVersion"] = new JsonObject { ["kind"] = kind, ["version"] = version },
            ["inclusionProof"] = new JsonObject
            {
                ["logIndex"] = index.ToString(CultureInfo.InvariantCulture),
                ["rootHash"] = Convert.ToBase64String(state.RootHash),
                ["treeSize"] = state.Size.ToString(CultureInfo.InvariantCulture),
                ["hashes"] = hashes,
                ["checkpoint"] = new JsonObject { ["envelope"] = Encoding.UTF8.GetString(state.Checkpoint) },
            },
            ["canonicalizedBody"] = Convert.ToBase64String(body),
        };
    }
}
