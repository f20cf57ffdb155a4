using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Signet.Admission.Policies;
using Signet.Admission.Reviews;
using Signet.Admission.Verification;
using Signet.Core;

namespace Signet.Admission.Hosting;

/// <summary>
/// The webhook's routes. A review is <c>application/json</c> (else 415), at most <see cref="AdmissionRequest.MaxBytes"/>
/// (else 413), an AdmissionReview v1 with a request (else 400, problem+json); <c>?timeout=</c> bounds the answer.
/// </summary>
public static class AdmissionEndpoints
{
    /// <summary>Maps <c>POST /validate</c>, <c>POST /mutate</c> and <c>GET /healthz</c>.</summary>
    public static void MapAdmission(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapPost("/validate", context => ReviewAsync(context, mutate: false));
        routes.MapPost("/mutate", context => ReviewAsync(context, mutate: true));
        routes.MapGet("/healthz", context =>
        {
            var watcher = context.RequestServices.GetRequiredService<PolicyWatcher>();
            var trust = context.RequestServices.GetRequiredService<TrustWatcher>();
            context.Response.ContentType = "text/plain";
            var text = $"ok: {watcher.Current.Policies.Count} policies ({watcher.Current.Fingerprint[..16]})"
                + (watcher.LastError is null ? "" : $"; last reload refused: {watcher.LastError}")
                + $"; trusted root {trust.Current.Version[..Math.Min(16, trust.Current.Version.Length)]}"
                + (trust.LastError is null ? "" : $"; last trusted root reload refused: {trust.LastError}");
            return context.Response.WriteAsync(text + "\n", context.RequestAborted);
        });
    }

    private static async Task ReviewAsync(HttpContext context, bool mutate)
    {
        var request = context.Request;
        if (request.ContentType is not { } type || !type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", $"an AdmissionReview is application/json, not '{request.ContentType}'").ConfigureAwait(false);
            return;
        }

        AdmissionRequest review;
        TimeSpan timeout;
        try
        {
            timeout = ReviewTimeout.Parse(request.Query["timeout"].FirstOrDefault());
            var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large", $"an AdmissionReview is at most {AdmissionRequest.MaxBytes} bytes").ConfigureAwait(false);
                return;
            }

            review = AdmissionRequest.Parse(body);
        }
        catch (SignetFormatException e)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "Bad Request", e.Message).ConfigureAwait(false);
            return;
        }

        var webhook = context.RequestServices.GetRequiredService<AdmissionWebhook>();
        var response = await webhook.ReviewAsync(review, mutate, ReviewTimeout.Budget(timeout), context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(response.ToJson(), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > AdmissionRequest.MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is long n ? (int)n : 4096);
        try
        {
            await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    // RFC 9457 problem details.
    private static async Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "about:blank");
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(json.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
