namespace Signet.Server.Tuf;

/// <summary>
/// <c>GET /tuf/…</c>: the published TUF repository as static files, so a client's mirror URL is <c>BASE/tuf</c> and its
/// first root <c>BASE/tuf/1.root.json</c>. Versioned metadata and hash-named targets never change and are cached for
/// a year; <c>timestamp.json</c> and the other unversioned names must be revalidated on every use.
/// </summary>
public static class TufEndpoints
{
    public static IEndpointRouteBuilder MapTuf(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/tuf/{**path}", (string? path, HttpContext context) =>
        {
            var service = context.RequestServices.GetRequiredService<TufRepositoryService>();
            var file = Resolve(service.PublishedDirectory, path ?? "");
            if (file is null)
            {
                throw HttpProblemException.NotFound($"/tuf/{path}: no such file in the TUF repository");
            }

            context.Response.Headers.CacheControl = IsImmutable(path!) ? "public, max-age=31536000, immutable" : "no-cache";
            var contentType = path!.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
            return Results.File(file, contentType);
        });
        return endpoints;
    }

    /// <summary>The file under <paramref name="root"/> for a request path, or null (missing, or trying to leave root).</summary>
    internal static string? Resolve(string root, string path)
    {
        if (path.Length == 0 || path.Length > 512 || path.Contains('\\', StringComparison.Ordinal)
            || path.Split('/').Any(p => p is "" or "." or ".." || p.StartsWith('.')))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, path));
        return full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full)
            ? full
            : null;
    }

    /// <summary><c>N.root.json</c>, <c>N.snapshot.json</c>, <c>N.targets.json</c>, and <c>targets/HASH.name</c>.</summary>
    internal static bool IsImmutable(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }

        var prefix = name[..dot];
        return path.StartsWith("targets/", StringComparison.Ordinal)
            ? prefix.Length is 64 or 128 && prefix.All(char.IsAsciiHexDigitLower)
            : prefix.All(char.IsAsciiDigit);
    }
}
