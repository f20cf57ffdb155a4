using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Notes;
using Signet.Log.Storage;

namespace Signet.Log.Rekor;

/// <summary>Rekor v1 wire shapes (rekor:openapi.yaml <c>LogEntry</c>, <c>LogInfo</c>, <c>ConsistencyProof</c>):
/// hashes and log ID in lowercase hex, body and SET in standard base64, integers as JSON numbers.</summary>
internal static class RekorV1Json
{
    /// <summary><c>{uuid: {body, integratedTime, logID, logIndex, verification{inclusionProof, signedEntryTimestamp}}}</c></summary>
    public static JsonObject LogEntry(RekorV1Key key, long treeId, StoredEntry entry, byte[] leafHash, IntegratedState state, IReadOnlyList<byte[]> proof)
    {
        var body = Convert.ToBase64String(entry.Body);
        var signer = key.SignerAt(entry.IntegratedTime);

        // An entry logged under a retired v1 key (signet serve --rotate log) names that key's log ID, and a verifier
        // checks the proof's checkpoint with the key of that log ID (sigstore-go VerifyInclusion): the checkpoint gets
        // its signature line too (C2SP signed-note: verifiers use the lines of keys they know and ignore the others).
        var checkpoint = ReferenceEquals(signer, key) ? state.Checkpoint : NoteOpener.AddSignatures(state.Checkpoint, signer.NoteSigner);
        var logId = Convert.ToHexStringLower(signer.LogId);
        var hashes = new JsonArray();
        foreach (var h in proof)
        {
            hashes.Add((JsonNode)Convert.ToHexStringLower(h));
        }

        return new JsonObject
        {
            [RekorUuid.Format(treeId, leafHash)] = new JsonObject
            {
                ["body"] = body,
                ["integratedTime"] = entry.IntegratedTime,
                ["logID"] = logId,
                ["logIndex"] = (long)entry.Index,
                ["verification"] = new JsonObject
                {
                    ["inclusionProof"] = new JsonObject
                    {
                        ["checkpoint"] = Encoding.UTF8.GetString(checkpoint),
                        ["hashes"] = hashes,
                        ["logIndex"] = (long)entry.Index,
                        ["rootHash"] = Convert.ToHexStringLower(state.RootHash),
                        ["treeSize"] = (long)state.Size,
                    },
                    ["signedEntryTimestamp"] = Convert.ToBase64String(signer.SignEntryTimestamp(entry.Body, entry.IntegratedTime, (long)entry.Index)),
                },
            },
        };
    }

    public static JsonObject LogInfo(IntegratedState state, long treeId) => new()
    {
        ["rootHash"] = Convert.ToHexStringLower(state.RootHash),
        ["treeSize"] = (long)state.Size,
        ["signedTreeHead"] = Encoding.UTF8.GetString(state.Checkpoint),
        ["treeID"] = treeId.ToString(CultureInfo.InvariantCulture),
        ["inactiveShards"] = new JsonArray(),
    };

    public static JsonObject ConsistencyProof(byte[] rootHash, IReadOnlyList<byte[]> proof)
    {
        var hashes = new JsonArray();
        foreach (var h in proof)
        {
            hashes.Add((JsonNode)Convert.ToHexStringLower(h));
        }

        return new JsonObject { ["rootHash"] = Convert.ToHexStringLower(rootHash), ["hashes"] = hashes };
    }
}
