using Signet.Core.Tiles;
using Signet.Log.Engine;

namespace Signet.Server.Log;

/// <summary>
/// The Rekor v2 API's routes (rekor-tiles CLIENTS.md, mapped in <see cref="LogEndpoints"/>): <c>POST
/// /api/v2/log/entries</c> (the personality's <see cref="Signet.Log.Rekor.RekorV2Api"/>) and the C2SP tlog-tiles read
/// paths (the engine's reader) with their cache rules: the checkpoint is not cached, tiles and entry bundles are immutable.
/// </summary>
internal static class RekorV2Endpoints
{
    private const string Immutable = "public, max-age=604800, immutable";

    public static async Task CreateEntryAsync(HttpContext context, LogHost host)
    {
        var body = await RequestBody.ReadAsync(context.Request, host.Settings.MaxEntryRequestBytes, context.RequestAborted).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, 201, await host.V2.CreateEntryAsync(body, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public static IResult Checkpoint(HttpContext context, LogHost host)
    {
        // tlog-tiles: the checkpoint is text/plain; charset=utf-8 and must not be cached for long.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(host.Checkpoints.Latest.Checkpoint, "text/plain; charset=utf-8");
    }

    public static async Task TileAsync(HttpContext context, LogHost host, string path)
    {
        var full = "tile/" + path;
        var reader = host.Log.Reader;
        var size = reader.Latest.Size;
        if (!TilePath.TryParseEntryBundle(full, out var tile) && !TilePath.TryParseHashTile(full, out tile))
        {
            throw HttpProblemException.NotFound($"'{HttpJson.Truncate(full)}' is not a tlog-tiles path");
        }

        if (!PublishedTiles.Covers(tile, size))
        {
            throw HttpProblemException.NotFound($"{full} is beyond the published tree of size {size}");
        }

        var data = await reader.ReadTileAsync(full, context.RequestAborted).ConfigureAwait(false)
            ?? throw HttpProblemException.NotFound($"{full} does not exist");
        context.Response.Headers.CacheControl = Immutable;
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(data, context.RequestAborted).ConfigureAwait(false);
    }
}
