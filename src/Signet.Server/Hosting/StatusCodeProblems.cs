using Microsoft.AspNetCore.Diagnostics;

namespace Signet.Server;

/// <summary>Empty-bodied 4xx answers (unknown route, wrong method) become problem+json too.</summary>
internal static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var title = ProblemStatus.Title(status);
        return ProblemResponse.WriteAsync(context.HttpContext, status, title, $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}: {title.ToLowerInvariant()}");
    }
}
