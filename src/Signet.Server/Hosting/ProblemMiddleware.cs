using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Signet.Core;
using Signet.Log.Engine;

namespace Signet.Server;

/// <summary>
/// Maps every failure of a request to RFC 9457 problem+json: malformed input (<see cref="SignetFormatException"/>,
/// invalid JSON, too-large or cut-off bodies) is a 4xx, never a 500; <see cref="HttpProblemException"/> carries its
/// own status; typed overload (<see cref="IOverloadSignal"/>) is 503 with <c>Retry-After</c>.
/// </summary>
internal sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, title, detail, retryAfter) = Classify(ex);
            if (status >= 500 && retryAfter is null)
            {
                LogUnhandled(logger, ex, context.Request.Path);
            }

            await ProblemResponse.WriteAsync(context, status, title, detail, retryAfter).ConfigureAwait(false);
        }
    }

    internal static (int Status, string Title, string Detail, TimeSpan? RetryAfter) Classify(Exception ex) => ex switch
    {
        HttpProblemException p => (p.Status, p.Title, p.Message, p.RetryAfter),
        IOverloadSignal o => (503, "Service Unavailable", ex.Message, o.RetryAfter),
        LogPushbackException p => (503, "Service Unavailable", p.Message, p.RetryAfter),
        SignetFormatException => (400, "Bad Request", ex.Message, null),
        JsonException => (400, "Bad Request", "the request body is not valid JSON: " + ex.Message, null),
        BadHttpRequestException b => (b.StatusCode, b.StatusCode == 413 ? "Payload Too Large" : "Bad Request", b.Message, null),
        _ => (500, "Internal Server Error", "the server failed to handle the request", null),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "unhandled failure serving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception ex, PathString path);
}

/// <summary>An exception type of a lower layer (e.g. the log's pushback) that means "try again later".</summary>
public interface IOverloadSignal
{
    TimeSpan RetryAfter { get; }
}

/// <summary>Writes one problem+json response.</summary>
public static class ProblemResponse
{
    public const string ContentType = "application/problem+json";

    public static Task WriteAsync(HttpContext context, int status, string title, string detail, TimeSpan? retryAfter = null)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        if (retryAfter is { } ra)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ra.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new ProblemBody(
            "about:blank", title, status, detail, context.Request.Path.Value ?? "/"), ProblemJsonContext.Default.ProblemBody);
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}

internal sealed record ProblemBody(string Type, string Title, int Status, string Detail, string Instance);

[System.Text.Json.Serialization.JsonSerializable(typeof(ProblemBody))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ProblemJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
