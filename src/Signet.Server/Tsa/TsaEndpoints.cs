using System.Text;
using Signet.Core.Timestamps;
using Signet.Tsa;

namespace Signet.Server.Tsa;

/// <summary>
/// sigstore timestamp-authority's HTTP API (openapi.yaml): <c>POST /api/v1/timestamp</c> takes an RFC 3161
/// <c>application/timestamp-query</c> (or the JSON form) and answers <c>application/timestamp-reply</c>;
/// <c>GET /api/v1/timestamp/certchain</c> serves the chain as PEM, leaf first.
/// </summary>
public static class TsaEndpoints
{
    public const string ChainMediaType = "application/pem-certificate-chain";

    public static IEndpointRouteBuilder MapTsa(this IEndpointRouteBuilder endpoints)
    {
        // Resolve now so the chain is created (or loaded and checked) at start, not on the first request.
        var authority = endpoints.ServiceProvider.GetRequiredService<TimestampAuthority>();
        var chainPem = Encoding.ASCII.GetBytes(endpoints.ServiceProvider.GetRequiredService<TsaCredentials>().ChainPem);

        endpoints.MapPost("/api/v1/timestamp", async (HttpContext context) =>
        {
            var query = await ReadQueryAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            var reply = authority.Respond(query);
            context.Response.ContentType = Rfc3161MediaTypes.Reply;
            context.Response.ContentLength = reply.Length; // one write with a known length: no chunked framing
            await context.Response.Body.WriteAsync(reply, context.RequestAborted).ConfigureAwait(false);
        });
        endpoints.MapGet("/api/v1/timestamp/certchain", (HttpContext context) =>
        {
            context.Response.ContentType = ChainMediaType;
            return context.Response.Body.WriteAsync(chainPem, context.RequestAborted).AsTask();
        });
        return endpoints;
    }

    private static async Task<TimestampQuery> ReadQueryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType is { } ct ? ct.Split(';')[0].Trim() : "";
        var isJson = string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);
        if (!isJson && !string.Equals(mediaType, Rfc3161MediaTypes.Query, StringComparison.OrdinalIgnoreCase))
        {
            throw HttpProblemException.UnsupportedMediaType(
                $"send the query as {Rfc3161MediaTypes.Query} (RFC 3161) or application/json, not '{mediaType}'");
        }

        var body = await RequestBody.ReadAsync(request, TimestampQuery.MaxEncodedLength, cancellationToken).ConfigureAwait(false);
        return isJson ? TimestampQuery.FromJson(body) : TimestampQuery.Decode(body);
    }
}
