using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Signet.Server.Explorer;

/// <summary>
/// The log explorer at <c>/explorer/</c>: a page that searches the transparency log through its own APIs (same
/// origin, relative URLs) and verifies inclusion proofs, checkpoint signatures and signed entry timestamps in the
/// browser. Page routes are <c>/explorer/</c> (overview; <c>?q=</c> for a search) and <c>/explorer/entry/INDEX</c>;
/// files live under <c>/explorer/assets/</c>. Anything else under <c>/explorer/</c> is a 404 problem. Every answer
/// carries a content security policy that allows this origin only.
/// </summary>
public static partial class ExplorerEndpoints
{
    /// <summary>Where the explorer is served.</summary>
    public const string Root = "/explorer";

    private const string AssetsFolder = "assets/";

    /// <summary>Only this origin: scripts, styles, images and API calls; no frames, no plug-ins, no inline script.</summary>
    internal const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Maps the explorer's routes (the log must run in this process: the page describes its keys).</summary>
    public static IEndpointRouteBuilder MapExplorer(this IEndpointRouteBuilder endpoints)
    {
        var assets = ExplorerAssets.Load();
        var page = new ExplorerPage(assets, endpoints.ServiceProvider);
        endpoints.MapGet(Root + "/{**path}", (HttpContext context, string? path) => ServeAsync(context, assets, page, path ?? ""));
        return endpoints;
    }

    private static Task ServeAsync(HttpContext context, ExplorerAssets assets, ExplorerPage page, string path)
    {
        var headers = context.Response.Headers;
        if (!context.Request.Path.Value!.EndsWith('/') && path.Length == 0)
        {
            // /explorer → /explorer/ (relative, so a proxy's path prefix is kept; the query too).
            headers.Location = "explorer/" + context.Request.QueryString;
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            return Task.CompletedTask;
        }

        ExplorerAsset asset;
        string cacheControl;
        if (path.Length == 0 || EntryRoute().IsMatch(path))
        {
            asset = page.For(path.Count(c => c == '/'));
            cacheControl = "no-cache";
        }
        else
        {
            asset = (path.StartsWith(AssetsFolder, StringComparison.Ordinal) ? assets.Find(path[AssetsFolder.Length..]) : null)
                ?? throw HttpProblemException.NotFound($"the explorer has no page or file '{Log.HttpJson.Truncate(path)}'");
            cacheControl = "no-cache";
            if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
            {
                headers.ETag = asset.ETag;
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            headers.ETag = asset.ETag;
        }

        headers.CacheControl = cacheControl;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.Vary = HeaderNames.AcceptEncoding;
        var (body, encoding) = Encode(context.Request, asset);
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>Brotli, else gzip, else identity, as the request's <c>Accept-Encoding</c> allows (RFC 9110 §12.5.3).</summary>
    private static (byte[] Body, string? Encoding) Encode(HttpRequest request, ExplorerAsset asset)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        bool Accepts(string coding) => accepted.Any(a => a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
        return Accepts("br") ? (asset.Brotli, "br") : Accepts("gzip") ? (asset.Gzip, "gzip") : (asset.Bytes, null);
    }

    [GeneratedRegex("^entry/[0-9]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryRoute();
}
