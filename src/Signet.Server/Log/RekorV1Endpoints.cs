namespace Signet.Server.Log;

/// <summary>
/// The Rekor v1 API's routes (rekor:openapi.yaml, mapped in <see cref="LogEndpoints"/>): each reads its request,
/// calls the personality (<see cref="Signet.Log.Rekor.RekorV1Api"/>) and writes what it answers; null is 404.
/// </summary>
internal static class RekorV1Endpoints
{
    public static async Task CreateEntryAsync(HttpContext context, LogHost host)
    {
        var body = await RequestBody.ReadAsync(context.Request, host.Settings.MaxEntryRequestBytes, context.RequestAborted).ConfigureAwait(false);
        var created = await host.V1.CreateEntryAsync(body, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.Location = LogEndpoints.V1EntriesPath + "/" + created.Uuid;
        if (created.Duplicate)
        {
            // rekor openapi.yaml createLogEntry: 409 Conflict, Location = the existing entry (clients GET it).
            await HttpJson.WriteAsync(context, 409, created.Response).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.ETag = "\"" + created.Uuid + "\"";
        await HttpJson.WriteAsync(context, 201, created.Response).ConfigureAwait(false);
    }

    public static async Task GetByIndexAsync(HttpContext context, LogHost host)
    {
        var index = HttpJson.RequiredUInt(context.Request, "logIndex");
        var node = await host.V1.GetEntryAsync(index, context.RequestAborted).ConfigureAwait(false)
            ?? throw HttpProblemException.NotFound($"no entry at index {index} (log size {host.V1.PublishedSize})");
        await HttpJson.WriteAsync(context, 200, node).ConfigureAwait(false);
    }

    public static async Task GetByUuidAsync(HttpContext context, LogHost host, string uuid)
    {
        var node = await host.V1.GetEntryByUuidAsync(uuid, context.RequestAborted).ConfigureAwait(false)
            ?? throw HttpProblemException.NotFound($"no entry with UUID {HttpJson.Truncate(uuid)}");
        await HttpJson.WriteAsync(context, 200, node).ConfigureAwait(false);
    }

    public static async Task RetrieveAsync(HttpContext context, LogHost host)
    {
        var body = await RequestBody.ReadAsync(context.Request, host.Settings.MaxEntryRequestBytes, context.RequestAborted).ConfigureAwait(false);
        using var doc = HttpJson.ParseBody(body, "the search-log query");
        await HttpJson.WriteAsync(context, 200, await host.V1.RetrieveEntriesAsync(doc.RootElement, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public static async Task SearchIndexAsync(HttpContext context, LogHost host)
    {
        var body = await RequestBody.ReadAsync(context.Request, host.Settings.MaxEntryRequestBytes, context.RequestAborted).ConfigureAwait(false);
        using var doc = HttpJson.ParseBody(body, "the search-index query");
        await HttpJson.WriteAsync(context, 200, await host.V1.SearchIndexAsync(doc.RootElement, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public static async Task ConsistencyAsync(HttpContext context, LogHost host)
    {
        var first = HttpJson.OptionalUInt(context.Request, "firstSize");
        var last = HttpJson.RequiredUInt(context.Request, "lastSize");
        await HttpJson.WriteAsync(context, 200, await host.V1.ConsistencyProofAsync(first, last, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
