using System.Text.Json.Nodes;
using Signet.Log.Engine;
using Signet.Log.Rekor.Entries;

namespace Signet.Log.Rekor;

/// <summary>
/// The write side of the Rekor v2 API (rekor-tiles CLIENTS.md): <c>CreateEntry</c> for hashedrekord 0.0.2, answered
/// once a published checkpoint covers the entry with a <c>TransparencyLogEntry</c> (<see cref="RekorV2Json"/>). Its
/// reads are plain C2SP tlog-tiles (the engine's <see cref="ILogReader"/>).
/// </summary>
/// <param name="writer">Appends entries.</param>
/// <param name="reader">Builds inclusion proofs.</param>
/// <param name="keys">The log's keys (the v2 log ID is the checkpoint key's).</param>
/// <param name="checkpoints">The checkpoints the log serves (with witness cosignatures,
/// <see cref="Signet.Log.Witnessing.WitnessedCheckpoints"/>); null for the engine's published ones.</param>
public sealed class RekorV2Api(ILogWriter writer, ILogReader reader, RekorKeys keys, ICheckpointPublisher? checkpoints = null)
{
    /// <summary>Verifies and canonicalises a create-entry request (<see cref="EntryRequests.FromCreateEntryRequest"/>),
    /// appends it and answers with its <c>TransparencyLogEntry</c> (inclusion proof and checkpoint, no SET).</summary>
    /// <param name="request">The request body: <c>{hashedRekordRequestV002: …}</c>.</param>
    /// <param name="cancellationToken">Stops waiting; the entry may still be appended.</param>
    public async Task<JsonObject> CreateEntryAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var entry = EntryRequests.FromCreateEntryRequest(request);
        var appended = await writer.AppendAsync(entry.Body, entry.SearchKeys, cancellationToken).ConfigureAwait(false);
        var state = checkpoints is null ? appended.Checkpoint : await checkpoints.ServeAsync(appended.Checkpoint, cancellationToken).ConfigureAwait(false);
        var proof = await reader.InclusionProofAsync(appended.Index, state.Size, cancellationToken).ConfigureAwait(false);
        return RekorV2Json.TransparencyLogEntry(keys.Checkpoint, appended.Index, entry.Kind, entry.ApiVersion, entry.Body, state, proof);
    }
}
