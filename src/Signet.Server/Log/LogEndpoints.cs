namespace Signet.Server.Log;

/// <summary>Every route of the log: Rekor v1 (<c>/api/v1/log…</c>, <c>/api/v1/index/retrieve</c>) and Rekor v2
/// (<c>/api/v2/…</c>).</summary>
public static class LogEndpoints
{
    internal const string V1EntriesPath = "/api/v1/log/entries";

    /// <summary>Maps the Rekor v1 and v2 routes to their handlers.</summary>
    public static IEndpointRouteBuilder MapLog(this IEndpointRouteBuilder endpoints)
    {
        const string entries = V1EntriesPath;
        endpoints.MapPost(entries, RekorV1Endpoints.CreateEntryAsync);
        endpoints.MapGet(entries, RekorV1Endpoints.GetByIndexAsync);
        endpoints.MapGet(entries + "/{uuid}", RekorV1Endpoints.GetByUuidAsync);
        endpoints.MapPost(entries + "/retrieve", RekorV1Endpoints.RetrieveAsync);
        endpoints.MapPost("/api/v1/index/retrieve", RekorV1Endpoints.SearchIndexAsync);
        endpoints.MapGet("/api/v1/log", (LogHost host) => Results.Text(host.V1.LogInfo().ToJsonString(), "application/json"));
        endpoints.MapGet("/api/v1/log/proof", RekorV1Endpoints.ConsistencyAsync);
        endpoints.MapGet("/api/v1/log/publicKey", (LogHost host) => Results.Text(host.V1.PublicKeyPem, "application/x-pem-file"));

        endpoints.MapPost("/api/v2/log/entries", RekorV2Endpoints.CreateEntryAsync);
        endpoints.MapGet("/api/v2/checkpoint", RekorV2Endpoints.Checkpoint);
        endpoints.MapGet("/api/v2/tile/{**path}", RekorV2Endpoints.TileAsync);
        return endpoints;
    }
}
