using Microsoft.AspNetCore.Diagnostics;

namespace Signet.Server;

/// <summary>Empty-bodied 4xx answers (unknown route, wrong method) become problem+json too.</summary>
internal static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var title = status switch
        {
            404 => "Not Found",
            405 => "Method Not Allowed",
            413 => "Payload Too Large",
            415 => "Unsupported Media Type",
            _ => "Error",
        };
        return ProblemResponse.WriteAsync(context.HttpContext, status, title, $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}: {title.ToLowerInvariant()}");
    }
}
