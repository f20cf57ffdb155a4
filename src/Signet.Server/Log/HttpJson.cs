using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core.Json;

namespace Signet.Server.Log;

/// <summary>Small helpers for the log endpoints: JSON responses and strict query parsing (400 problem on bad input).</summary>
internal static class HttpJson
{
    /// <summary>Writes <paramref name="node"/> as UTF-8 JSON with a Content-Length (no string in between, no chunking).</summary>
    public static async Task WriteAsync(HttpContext context, int status, JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
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

    /// <summary>A request body, read strictly (<see cref="StrictJson"/>, Rekor entry limits): malformed is a 400.</summary>
    public static JsonDocument ParseBody(byte[] body, string what) => StrictJson.Parse(body, what, JsonLimits.RekorEntry);

    public static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
