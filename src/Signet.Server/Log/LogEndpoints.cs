using Microsoft.AspNetCore.Routing;
using Signet.Log.Engine;

namespace Signet.Server.Log;

public static class LogEndpoints
{
    /// <summary>Maps Rekor v1 (<c>/api/v1/log…</c>, <c>/api/v1/index/retrieve</c>) and Rekor v2 (<c>/api/v2/…</c>).</summary>
    public static IEndpointRouteBuilder MapLog(this IEndpointRouteBuilder endpoints)
    {
        RekorV1Endpoints.Map(endpoints);
        RekorV2Endpoints.Map(endpoints);
        return endpoints;
    }
}
