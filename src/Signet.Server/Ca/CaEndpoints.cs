using Signet.Ca;
using Signet.Core;

namespace Signet.Server.Ca;

/// <summary>
/// Fulcio's v2 REST API (fulcio.proto HTTP bindings): <c>POST /api/v2/signingCert</c>, <c>GET /api/v2/trustBundle</c>,
/// <c>GET /api/v2/configuration</c>; and, with the <c>ct</c> service, the RFC 6962 endpoints under <c>/ct/v1</c>.
/// A refused request is 401 (identity token) or 400 (request, key, proof) in Fulcio's error shape.
/// </summary>
public static class CaEndpoints
{
    private const int MaxSigningRequestBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapCa(this IEndpointRouteBuilder endpoints, SignetServerOptions options)
    {
        if (options.Runs("ca"))
        {
            endpoints.MapPost("/api/v2/signingCert", SigningCertAsync);
            endpoints.MapGet("/api/v2/trustBundle", (CaRuntime ca) =>
                Results.Text(FulcioJson.TrustBundle(ca.Service.Issuer.Chain), "application/json"));
            endpoints.MapGet("/api/v2/configuration", (CaRuntime ca) =>
                Results.Text(FulcioJson.Configuration(ca.Service.Issuers), "application/json"));
        }

        if (options.Runs("ct"))
        {
            endpoints.MapCt();
        }

        return endpoints;
    }

    private static async Task SigningCertAsync(HttpContext context, CaRuntime ca)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxSigningRequestBytes, context.RequestAborted).ConfigureAwait(false);
        var auth = context.Request.Headers.Authorization.ToString();
        var bearer = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
        try
        {
            var request = FulcioJson.ReadRequest(body, bearer);
            var issued = await ca.Service.IssueAsync(request, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(FulcioJson.SigningCertificate([issued.Certificate, .. issued.Chain]), context.RequestAborted).ConfigureAwait(false);
        }
        catch (SignetException e) when (e is CaRequestRejectedException or SignetFormatException)
        {
            // Fulcio's error shape; grpc codes as Fulcio's gateway maps them: 16 Unauthenticated → 401, 3 InvalidArgument → 400.
            var status = ProblemStatus.Of(e);
            await WriteErrorAsync(context, status, status == 401 ? 16 : 3, e.Message).ConfigureAwait(false);
        }
    }

    internal static Task WriteErrorAsync(HttpContext context, int status, int grpcCode, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ProblemResponse.ContentType;
        return context.Response.WriteAsync(FulcioJson.Error(status, grpcCode, message, context.Request.Path.Value ?? "/"), context.RequestAborted);
    }
}
