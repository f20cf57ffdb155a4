using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Signet.Core;
using Signet.Log.Entries;
using Signet.Log.Storage;
using Signet.Log.Engine;

namespace Signet.Server.Log;

/// <summary>
/// The Rekor v1 API (rekor:openapi.yaml) over Signet's log: create and fetch entries, search, log info,
/// consistency proofs and the public key. Writes answer once the entry is covered by a published checkpoint.
/// </summary>
internal static class RekorV1Endpoints
{
    private const int MaxRetrieve = 10; // Rekor's limit per retrieve request
    private const int MaxSearchResults = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/log/entries", CreateEntryAsync);
        app.MapGet("/api/v1/log/entries", GetByIndexAsync);
        app.MapGet("/api/v1/log/entries/{uuid}", GetByUuidAsync);
        app.MapPost("/api/v1/log/entries/retrieve", RetrieveAsync);
        app.MapPost("/api/v1/index/retrieve", SearchIndexAsync);
        app.MapGet("/api/v1/log", LogInfo);
        app.MapGet("/api/v1/log/proof", ConsistencyAsync);
        app.MapGet("/api/v1/log/publicKey", (LogHost host) => Results.Text(host.V1Key.PublicKeyPem, "application/x-pem-file"));
    }

    private static async Task CreateEntryAsync(HttpContext context, LogHost host)
    {
        var body = await RequestBody.ReadAsync(context.Request, host.Settings.MaxEntryRequestBytes, context.RequestAborted).ConfigureAwait(false);
        var entry = EntryRequests.FromProposedEntry(body);
        var appended = await host.Log.AppendAsync(entry, context.RequestAborted).ConfigureAwait(false);
        var uuid = RekorV1Json.Uuid(host.TreeId, appended.LeafHash);
        context.Response.Headers.Location = "/api/v1/log/entries/" + uuid;
        if (appended.Duplicate)
        {
            // rekor openapi.yaml createLogEntry: 409 "The request conflicts with the current state of the transparency
            // log", Location = the existing entry, body = Rekor's Error model {code, message} (application/json, as
            // cosign's generated client decodes it). Clients (sigstore-js fetchOnConflict, cosign) then GET Location.
            await HttpJson.WriteAsync(context, 409, new JsonObject
            {
                ["code"] = 409,
                ["message"] = $"an equivalent entry already exists in the transparency log with UUID {uuid}",
            }).ConfigureAwait(false);
            return;
        }

        var stored = new StoredEntry(appended.Index, entry.Body, appended.IntegratedTime);
        var proof = await host.Log.InclusionProofAsync(appended.Index, appended.Checkpoint.Size, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = "\"" + uuid + "\"";
        await HttpJson.WriteAsync(context, 201, RekorV1Json.LogEntry(host.V1Key, host.TreeId, stored, appended.LeafHash, appended.Checkpoint, proof)).ConfigureAwait(false);
    }

    private static async Task GetByIndexAsync(HttpContext context, LogHost host)
    {
        var index = HttpJson.RequiredUInt(context.Request, "logIndex");
        var node = await EntryAtAsync(host, index, context.RequestAborted).ConfigureAwait(false)
            ?? throw HttpProblemException.NotFound($"no entry at index {index} (log size {host.Log.Latest.Size})");
        await HttpJson.WriteAsync(context, 200, node).ConfigureAwait(false);
    }

    private static async Task GetByUuidAsync(HttpContext context, LogHost host, string uuid)
    {
        var index = await IndexOfUuidAsync(host, uuid, context.RequestAborted).ConfigureAwait(false)
            ?? throw HttpProblemException.NotFound($"no entry with UUID {HttpJson.Truncate(uuid)}");
        var node = await EntryAtAsync(host, index, context.RequestAborted).ConfigureAwait(false)
            ?? throw HttpProblemException.NotFound($"no entry with UUID {HttpJson.Truncate(uuid)}");
        await HttpJson.WriteAsync(context, 200, node).ConfigureAwait(false);
    }

    private static async Task RetrieveAsync(HttpContext context, LogHost host)
    {
        var body = await RequestBody.ReadAsync(context.Request, host.Settings.MaxEntryRequestBytes, context.RequestAborted).ConfigureAwait(false);
        using var doc = HttpJson.ParseBody(body, "the search-log query");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw HttpProblemException.BadRequest("the search-log query is not a JSON object");
        }

        var indices = new List<ulong>();
        var requested = 0;
        foreach (var (name, item) in Items(root, "entryUUIDs").Select(i => ("entryUUIDs", i))
            .Concat(Items(root, "logIndexes").Select(i => ("logIndexes", i)))
            .Concat(Items(root, "entries").Select(i => ("entries", i))))
        {
            if (++requested > MaxRetrieve)
            {
                throw HttpProblemException.BadRequest($"at most {MaxRetrieve} entries can be retrieved at once");
            }

            ulong? index = name switch
            {
                "entryUUIDs" when item.ValueKind == JsonValueKind.String => await IndexOfUuidAsync(host, item.GetString()!, context.RequestAborted).ConfigureAwait(false),
                "logIndexes" when item.ValueKind == JsonValueKind.Number && item.TryGetUInt64(out var i) => i < host.Log.Latest.Size ? i : null,
                "entries" when item.ValueKind == JsonValueKind.Object => await host.Log.FindByLeafHashAsync(
                    Signet.Core.Merkle.Rfc6962.HashLeaf(EntryRequests.FromProposedEntry(JsonSerializer.SerializeToUtf8Bytes(item)).Body), context.RequestAborted).ConfigureAwait(false),
                _ => throw HttpProblemException.BadRequest($"{name} holds an item of the wrong type"),
            };
            if (index is { } found)
            {
                indices.Add(found);
            }
        }

        var result = new JsonArray();
        foreach (var index in indices)
        {
            if (await EntryAtAsync(host, index, context.RequestAborted).ConfigureAwait(false) is { } node)
            {
                result.Add(node);
            }
        }

        await HttpJson.WriteAsync(context, 200, result).ConfigureAwait(false);
    }

    private static async Task SearchIndexAsync(HttpContext context, LogHost host)
    {
        var body = await RequestBody.ReadAsync(context.Request, host.Settings.MaxEntryRequestBytes, context.RequestAborted).ConfigureAwait(false);
        using var doc = HttpJson.ParseBody(body, "the search-index query");
        var query = SearchQuery.Parse(doc.RootElement);
        IEnumerable<ulong>? found = null;
        foreach (var key in query.Keys)
        {
            var hits = await host.Log.SearchAsync(key, MaxSearchResults, context.RequestAborted).ConfigureAwait(false);
            found = found is null ? hits : query.And ? found.Intersect(hits) : found.Union(hits);
        }

        var uuids = new JsonArray();
        var entries = await Task.WhenAll((found ?? []).Order().Select(i => host.Log.GetEntryAsync(i, context.RequestAborted))).ConfigureAwait(false);
        foreach (var e in entries)
        {
            if (e is not null)
            {
                uuids.Add(RekorV1Json.Uuid(host.TreeId, Signet.Core.Merkle.Rfc6962.HashLeaf(e.Body)));
            }
        }

        await HttpJson.WriteAsync(context, 200, uuids).ConfigureAwait(false);
    }

    private static IResult LogInfo(LogHost host) =>
        Results.Text(RekorV1Json.LogInfo(host.Log.Latest, host.TreeId).ToJsonString(), "application/json");

    private static async Task ConsistencyAsync(HttpContext context, LogHost host)
    {
        var latest = host.Log.Latest;
        var first = HttpJson.OptionalUInt(context.Request, "firstSize") ?? 1;
        var last = HttpJson.RequiredUInt(context.Request, "lastSize");
        if (first < 1 || first > last)
        {
            throw HttpProblemException.BadRequest($"firstSize {first} must be at least 1 and at most lastSize {last}");
        }

        if (last > latest.Size)
        {
            throw HttpProblemException.BadRequest($"lastSize {last} is beyond the log size {latest.Size}");
        }

        var proof = await host.Log.ConsistencyProofAsync(first, last, context.RequestAborted).ConfigureAwait(false);
        var root = await host.Log.RootAtAsync(last, context.RequestAborted).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, 200, RekorV1Json.ConsistencyProof(root, proof)).ConfigureAwait(false);
    }

    private static async Task<JsonObject?> EntryAtAsync(LogHost host, ulong index, CancellationToken cancellationToken)
    {
        var state = host.Log.Latest;
        if (index >= state.Size)
        {
            return null;
        }

        var entry = await host.Log.GetEntryAsync(index, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var proof = await host.Log.InclusionProofAsync(index, state.Size, cancellationToken).ConfigureAwait(false);
        return RekorV1Json.LogEntry(host.V1Key, host.TreeId, entry, Signet.Core.Merkle.Rfc6962.HashLeaf(entry.Body), state, proof);
    }

    /// <summary>64 hex digits (leaf hash) or 80 (tree ID + leaf hash, Rekor's sharded UUID).</summary>
    private static async Task<ulong?> IndexOfUuidAsync(LogHost host, string uuid, CancellationToken cancellationToken)
    {
        var hex = uuid.Length switch
        {
            64 => uuid,
            80 when uuid[..16].Equals(host.TreeId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase) => uuid[16..],
            80 => null,
            _ => throw HttpProblemException.BadRequest($"entry UUID must be 64 or 80 hex digits, not {uuid.Length} characters"),
        };
        if (hex is null)
        {
            return null;
        }

        byte[] leaf;
        try
        {
            leaf = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw HttpProblemException.BadRequest("entry UUID is not hexadecimal");
        }

        return await host.Log.FindByLeafHashAsync(leaf, cancellationToken).ConfigureAwait(false);
    }

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
