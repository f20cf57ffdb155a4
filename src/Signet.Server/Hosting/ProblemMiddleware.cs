using System.Globalization;
using System.Text.Json;
using Signet.Core;

namespace Signet.Server;

/// <summary>
/// Maps every failure of a request to RFC 9457 problem+json: a <see cref="SignetException"/> gets the status of its
/// kind (<see cref="ProblemStatus"/>; overload is 503 with <c>Retry-After</c>), invalid JSON and too-large or cut-off
/// bodies are 4xx, a full disk or database is 503 (<see cref="StorageFull"/>). Anything else is a bug: 500 with a
/// generic detail, and logged.
/// </summary>
internal sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    private long _storageFullLogged;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // A client that closed its side (a half-close, RFC 9112 §9.6) or went away has aborted the request: there is
            // no one to answer, and its refusal is not the server's error (Kestrel would log it as an unhandled one, with
            // a stack trace — seen under the hostile corpus). A bug stays logged either way.
            var aborted = context.RequestAborted.IsCancellationRequested;
            if (aborted && ex is OperationCanceledException)
            {
                return;
            }

            var (status, title, detail, retryAfter) = Classify(ex);
            if (status >= 500 && status != 503)
            {
                LogUnhandled(logger, ex, context.Request.Path);
            }
            else if (StorageFull.Find(ex) is { } full && ShouldLogStorageFull())
            {
                LogStorageFull(logger, context.Request.Path, full.Message);
            }

            if (!aborted)
            {
                await ProblemResponse.WriteAsync(context, status, title, detail, retryAfter).ConfigureAwait(false);
            }
        }
    }

    internal static (int Status, string Title, string Detail, TimeSpan? RetryAfter) Classify(Exception ex) => ex switch
    {
        SignetException s when ProblemStatus.Of(s) is var status and not 500 => (status, ProblemStatus.Title(status), s.Message, s.RetryAfter),
        JsonException => (400, ProblemStatus.Title(400), "the request body is not valid JSON: " + ex.Message, null),
        BadHttpRequestException b => (b.StatusCode, ProblemStatus.Title(b.StatusCode == 413 ? 413 : 400), b.Message, null),
        _ when StorageFull.Find(ex) is not null => (503, ProblemStatus.Title(503), StorageFull.Detail, StorageFull.RetryAfter),
        _ => (500, ProblemStatus.Title(500), "the server failed to handle the request", null),
    };

    /// <summary>One line for the operator at most every 10 s while the storage is full: every refused request would
    /// otherwise log one.</summary>
    private bool ShouldLogStorageFull()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _storageFullLogged);
        return (last == 0 || now - last >= 10_000) && Interlocked.CompareExchange(ref _storageFullLogged, now, last) == last;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "storage full serving {Path}: {Message}; answering 503 until there is room (logged at most every 10 s)")]
    private static partial void LogStorageFull(ILogger logger, PathString path, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "unhandled failure serving {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception ex, PathString path);
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
