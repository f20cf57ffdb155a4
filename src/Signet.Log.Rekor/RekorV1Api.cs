using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Rekor.Entries;

namespace Signet.Log.Rekor;

/// <summary>
/// The Rekor v1 API (rekor:openapi.yaml) over the log engine: create and fetch entries, retrieve, search the index,
/// log info and consistency proofs, each answering with Rekor's JSON shapes (<see cref="RekorV1Json"/>). Writes
/// answer once a published checkpoint covers the entry. Malformed input is a <see cref="SignetFormatException"/>;
/// what the log does not hold is null (or left out of a list).
/// </summary>
/// <param name="writer">Appends entries.</param>
/// <param name="reader">Reads entries, proofs and the search index.</param>
/// <param name="keys">The log's keys and tree ID.</param>
/// <param name="checkpoints">The checkpoints the log serves (with witness cosignatures,
/// <see cref="Signet.Log.Witnessing.WitnessedCheckpoints"/>); null for the engine's published ones.</param>
public sealed class RekorV1Api(ILogWriter writer, ILogReader reader, RekorKeys keys, ICheckpointPublisher? checkpoints = null)
{
    /// <summary>Rekor's limit of entries per retrieve request.</summary>
    public const int MaxRetrieve = 10;

    /// <summary>The most indices one search key contributes to a search-index answer.</summary>
    public const int MaxSearchResults = 1000;

    /// <summary>The v1 public key as PEM (<c>GET /api/v1/log/publicKey</c>).</summary>
    public string PublicKeyPem => keys.V1.PublicKeyPem;

    /// <summary>The size of the latest published tree.</summary>
    public ulong PublishedSize => Served.Size;

    private Storage.IntegratedState Served => checkpoints?.Latest ?? reader.Latest;

    /// <summary><c>createLogEntry</c>: verifies and canonicalises a proposed entry (<see cref="EntryRequests.FromProposedEntry"/>),
    /// appends it and answers with its <c>LogEntry</c>; for an entry the log already holds, Rekor's Error model naming
    /// the existing UUID (a 409 Conflict, which clients such as sigstore-js and cosign follow to the entry).</summary>
    /// <param name="proposedEntry">The request body: <c>{kind, apiVersion, spec}</c>.</param>
    /// <param name="cancellationToken">Stops waiting; the entry may still be appended.</param>
    public async Task<RekorV1Created> CreateEntryAsync(ReadOnlyMemory<byte> proposedEntry, CancellationToken cancellationToken)
    {
        var entry = EntryRequests.FromProposedEntry(proposedEntry);
        var appended = await writer.AppendAsync(entry.Body, entry.SearchKeys, cancellationToken).ConfigureAwait(false);
        var uuid = RekorUuid.Format(keys.TreeId, appended.LeafHash);
        if (appended.Duplicate)
        {
            // rekor openapi.yaml createLogEntry 409: Rekor's Error model {code, message} (as cosign's generated client decodes it).
            return new RekorV1Created(uuid, true, new JsonObject
            {
                ["code"] = 409,
                ["message"] = $"an equivalent entry already exists in the transparency log with UUID {uuid}",
            });
        }

        var stored = new Storage.StoredEntry(appended.Index, entry.Body, appended.IntegratedTime);
        var state = checkpoints is null ? appended.Checkpoint : await checkpoints.ServeAsync(appended.Checkpoint, cancellationToken).ConfigureAwait(false);
        var proof = await reader.InclusionProofAsync(appended.Index, state.Size, cancellationToken).ConfigureAwait(false);
        return new RekorV1Created(uuid, false, RekorV1Json.LogEntry(keys.V1, keys.TreeId, stored, appended.LeafHash, state, proof));
    }

    /// <summary><c>getLogEntryByIndex</c>: the <c>LogEntry</c> at <paramref name="index"/> with its inclusion proof in
    /// the latest published tree, or null.</summary>
    /// <param name="index">The entry's index.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<JsonObject?> GetEntryAsync(ulong index, CancellationToken cancellationToken)
    {
        var state = Served;
        if (index >= state.Size)
        {
            return null;
        }

        var entry = await reader.GetEntryAsync(index, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var proof = await reader.InclusionProofAsync(index, state.Size, cancellationToken).ConfigureAwait(false);
        return RekorV1Json.LogEntry(keys.V1, keys.TreeId, entry, Rfc6962.HashLeaf(entry.Body), state, proof);
    }

    /// <summary><c>getLogEntryByUUID</c>: as <see cref="GetEntryAsync"/> for the entry a UUID names (<see cref="RekorUuid"/>), or null.</summary>
    /// <param name="uuid">64 or 80 hex digits.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<JsonObject?> GetEntryByUuidAsync(string uuid, CancellationToken cancellationToken)
    {
        var index = await IndexOfUuidAsync(uuid, cancellationToken).ConfigureAwait(false);
        return index is { } i ? await GetEntryAsync(i, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary><c>searchLogQuery</c>: the <c>LogEntry</c> objects named by <c>entryUUIDs</c>, <c>logIndexes</c> and
    /// <c>entries</c> (proposed entries, found by their canonical leaf), at most <see cref="MaxRetrieve"/> in all;
    /// those the log does not hold are left out.</summary>
    /// <param name="query">The parsed request body.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<JsonArray> RetrieveEntriesAsync(JsonElement query, CancellationToken cancellationToken)
    {
        if (query.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("the search-log query is not a JSON object");
        }

        var indices = new List<ulong>();
        var requested = 0;
        foreach (var (name, item) in Items(query, "entryUUIDs").Select(i => ("entryUUIDs", i))
            .Concat(Items(query, "logIndexes").Select(i => ("logIndexes", i)))
            .Concat(Items(query, "entries").Select(i => ("entries", i))))
        {
            if (++requested > MaxRetrieve)
            {
                throw new SignetFormatException($"at most {MaxRetrieve} entries can be retrieved at once");
            }

            ulong? index = name switch
            {
                "entryUUIDs" when item.ValueKind == JsonValueKind.String => await IndexOfUuidAsync(item.GetString()!, cancellationToken).ConfigureAwait(false),
                "logIndexes" when item.ValueKind == JsonValueKind.Number && item.TryGetUInt64(out var i) => i < reader.Latest.Size ? i : null,
                "entries" when item.ValueKind == JsonValueKind.Object => await reader.FindByLeafHashAsync(
                    Rfc6962.HashLeaf(EntryRequests.FromProposedEntry(JsonMarshal.GetRawUtf8Value(item).ToArray()).Body), cancellationToken).ConfigureAwait(false),
                _ => throw new SignetFormatException($"{name} holds an item of the wrong type"),
            };
            if (index is { } found)
            {
                indices.Add(found);
            }
        }

        var result = new JsonArray();
        foreach (var index in indices)
        {
            if (await GetEntryAsync(index, cancellationToken).ConfigureAwait(false) is { } node)
            {
                result.Add((JsonNode)node);
            }
        }

        return result;
    }

    /// <summary><c>searchIndex</c>: the UUIDs of the entries indexed under the query's keys (<see cref="SearchKeys"/>),
    /// combined with its operator, in index order.</summary>
    /// <param name="query">The parsed request body (<c>hash</c>, <c>publicKey</c>, <c>email</c>, <c>operator</c>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<JsonArray> SearchIndexAsync(JsonElement query, CancellationToken cancellationToken)
    {
        var parsed = SearchQuery.Parse(query);
        IEnumerable<ulong>? found = null;
        foreach (var key in parsed.Keys)
        {
            var hits = await reader.SearchAsync(key, MaxSearchResults, cancellationToken).ConfigureAwait(false);
            found = found is null ? hits : parsed.And ? found.Intersect(hits) : found.Union(hits);
        }

        var uuids = new JsonArray();
        var entries = await Task.WhenAll((found ?? []).Order().Select(i => reader.GetEntryAsync(i, cancellationToken))).ConfigureAwait(false);
        foreach (var e in entries)
        {
            if (e is not null)
            {
                uuids.Add((JsonNode)RekorUuid.Format(keys.TreeId, Rfc6962.HashLeaf(e.Body)));
            }
        }

        return uuids;
    }

    /// <summary><c>getLogInfo</c>: root hash, tree size, the signed checkpoint and the tree ID of the latest published tree.</summary>
    public JsonObject LogInfo() => RekorV1Json.LogInfo(Served, keys.TreeId);

    /// <summary><c>getLogProof</c>: the consistency proof from <paramref name="firstSize"/> (default 1) to
    /// <paramref name="lastSize"/> and the root hash at <paramref name="lastSize"/>.</summary>
    /// <param name="firstSize">The older size, at least 1; null for 1.</param>
    /// <param name="lastSize">The newer size, at most the published size.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<JsonObject> ConsistencyProofAsync(ulong? firstSize, ulong lastSize, CancellationToken cancellationToken)
    {
        var latest = reader.Latest;
        var first = firstSize ?? 1;
        if (first < 1 || first > lastSize)
        {
            throw new SignetFormatException($"firstSize {first} must be at least 1 and at most lastSize {lastSize}");
        }

        if (lastSize > latest.Size)
        {
            throw new SignetFormatException($"lastSize {lastSize} is beyond the log size {latest.Size}");
        }

        var proof = await reader.ConsistencyProofAsync(first, lastSize, cancellationToken).ConfigureAwait(false);
        var root = await reader.RootAtAsync(lastSize, cancellationToken).ConfigureAwait(false);
        return RekorV1Json.ConsistencyProof(root, proof);
    }

    private async Task<ulong?> IndexOfUuidAsync(string uuid, CancellationToken cancellationToken) =>
        RekorUuid.LeafHashOf(uuid, keys.TreeId) is { } leaf
            ? await reader.FindByLeafHashAsync(leaf, cancellationToken).ConfigureAwait(false)
            : null;

    private static JsonElement[] Items(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Take(MaxRetrieve + 1).ToArray()
            : throw new SignetFormatException($"{name} is not an array");
    }
}

/// <summary>What <see cref="RekorV1Api.CreateEntryAsync"/> answers: the entry's UUID, whether the log already held
/// it, and the response body (a <c>LogEntry</c>, or for a duplicate Rekor's Error model).</summary>
/// <param name="Uuid">The entry's 80-character UUID (the <c>Location</c> of the entry).</param>
/// <param name="Duplicate">Whether the log already held the entry (Rekor answers 409 Conflict).</param>
/// <param name="Response">The response body.</param>
public sealed record RekorV1Created(string Uuid, bool Duplicate, JsonObject Response);
