using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Signet.Explorer.Tests;

/// <summary>
/// A loopback reverse proxy in front of the log that edits its answers the way a compromised cache or middlebox
/// could: the Rekor v1 entry at <see cref="TamperedIndex"/> gets one inclusion-proof hash changed, and every level-0
/// hash tile gets its first byte flipped. Everything else (the page, its keys) passes through untouched.
/// </summary>
public sealed class TamperingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TamperingProxy(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The entry whose v1 proof is altered.</summary>
    public long TamperedIndex { get; private init; }

    public static async Task<TamperingProxy> StartAsync(Uri upstream, long tamperedIndex)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var http = new HttpClient { BaseAddress = upstream };
        app.Run(context => ForwardAsync(context, http, tamperedIndex));
        await app.StartAsync();
        var url = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return new TamperingProxy(app, url) { TamperedIndex = tamperedIndex };
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient http, long tamperedIndex)
    {
        var path = context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path);
        if (context.Request.ContentLength > 0 || context.Request.Method == "POST")
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            request.Content = new ByteArrayContent(buffer.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (context.Request.Path == "/api/v1/log/entries" && context.Request.Query["logIndex"] == tamperedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && response.IsSuccessStatusCode)
        {
            body = FlipProofHash(body);
        }
        else if (context.Request.Path.StartsWithSegments("/api/v2/tile/0") && response.IsSuccessStatusCode && body.Length > 0)
        {
            body[0] ^= 0x01;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Content-Length"))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    /// <summary>The first proof hash with its first hex digit changed.</summary>
    private static byte[] FlipProofHash(byte[] body)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        var entry = node.Single().Value!;
        var hashes = entry["verification"]!["inclusionProof"]!["hashes"]!.AsArray();
        var first = hashes[0]!.GetValue<string>();
        hashes[0] = (first[0] == '0' ? "1" : "0") + first[1..];
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
