using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Signet.Log.Engine;

namespace Signet.Server.Log;

/// <summary>Small helpers for the log endpoints: JSON responses and strict query parsing (400 problem on bad input).</summary>
internal static class HttpJson
{
    public static Task WriteAsync(HttpContext context, int status, JsonNode node)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(node.ToJsonString(), context.RequestAborted);
    }

    public static ulong RequiredUInt(HttpRequest request, string name)
    {
        var raw = request.Query[name].ToString();
        return raw.Length == 0
            ? throw HttpProblemException.BadRequest($"query parameter '{name}' is required")
            : ParseUInt(raw, name);
    }

    public static ulong? OptionalUInt(HttpRequest request, string name)
    {
        var raw = request.Query[name].ToString();
        return raw.Length == 0 ? null : ParseUInt(raw, name);
    }

    public static ulong ParseUInt(string raw, string name) =>
        ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v < (1UL << 63)
            ? v
            : throw HttpProblemException.BadRequest($"'{name}' must be a non-negative integer below 2^63, not '{Truncate(raw)}'");

    public static JsonDocument ParseBody(byte[] body, string what)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw HttpProblemException.BadRequest($"{what} is not valid JSON: {e.Message}");
        }
    }

    public static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
