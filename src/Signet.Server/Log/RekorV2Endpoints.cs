using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Signet.Core.Tiles;
using Signet.Log.Entries;
using Signet.Log.Engine;

namespace Signet.Server.Log;

/// <summary>
/// The Rekor v2 API (rekor-tiles CLIENTS.md): <c>POST /api/v2/log/entries</c> (hashedrekord 0.0.2, answered once a
/// checkpoint covers the entry) and the C2SP tlog-tiles read paths under <c>/api/v2</c> with its cache rules:
/// the checkpoint is not cached, tiles and entry bundles are immutable.
/// </summary>
internal static class RekorV2Endpoints
{
    private const string Immutable = "public, max-age=604800, immutable";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v2/log/entries", CreateEntryAsync);
        app.MapGet("/api/v2/checkpoint", Checkpoint);
        app.MapGet("/api/v2/tile/{**path}", TileAsync);
    }

    private static async Task CreateEntryAsync(HttpContext context, LogHost host)
    {
        var body = await RequestBody.ReadAsync(context.Request, host.Settings.MaxEntryRequestBytes, context.RequestAborted).ConfigureAwait(false);
        var entry = EntryRequests.FromCreateEntryRequest(body);
        var appended = await host.Log.AppendAsync(entry, context.RequestAborted).ConfigureAwait(false);
        var proof = await host.Log.InclusionProofAsync(appended.Index, appended.Checkpoint.Size, context.RequestAborted).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, 201, RekorV2Json.TransparencyLogEntry(host.Key, appended.Index, entry.Kind, entry.ApiVersion, entry.Body, appended.Checkpoint, proof)).ConfigureAwait(false);
    }

    private static IResult Checkpoint(HttpContext context, LogHost host)
    {
        // tlog-tiles: the checkpoint is text/plain; charset=utf-8 and must not be cached for long.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(host.Log.Latest.Checkpoint, "text/plain; charset=utf-8");
    }

    private static async Task TileAsync(HttpContext context, LogHost host, string path)
    {
        var full = "tile/" + path;
        var size = host.Log.Latest.Size;
        if (!TilePath.TryParseEntryBundle(full, out var tile) && !TilePath.TryParseHashTile(full, out tile))
        {
            throw HttpProblemException.NotFound($"'{HttpJson.Truncate(full)}' is not a tlog-tiles path");
        }

        // Serve only what a published checkpoint implies (tlog-tiles: no tiles beyond the checkpointed tree).
        if (!Covered(tile, size))
        {
            throw HttpProblemException.NotFound($"{full} is beyond the published tree of size {size}");
        }

        var data = await host.Log.ReadTileAsync(full, context.RequestAborted).ConfigureAwait(false)
            ?? throw HttpProblemException.NotFound($"{full} does not exist");
        context.Response.Headers.CacheControl = Immutable;
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(data, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool Covered(TileId tile, ulong size)
    {
        // Number of hashes at tree level 8L in a tree of `size`, i.e. entries at level 0.
        var shift = TileMath.TileHeight * tile.Level;
        if (shift >= 64)
        {
            return false;
        }

        var count = size >> shift;
        var end = (tile.Index << TileMath.TileHeight) + (ulong)tile.Width;
        return tile.Index < (1UL << (64 - TileMath.TileHeight)) && end <= count;
    }
}
