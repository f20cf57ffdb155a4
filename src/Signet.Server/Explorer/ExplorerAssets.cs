using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Signet.Server.Explorer;

/// <summary>
/// The explorer's static files, embedded in this assembly under <c>explorer/</c> (from
/// <c>src/Signet.Server/Explorer/Assets/</c>): read once, each with its content type, a strong ETag and its gzip and
/// Brotli forms, so a request costs no disk read and no compression. Nothing is fetched from anywhere else.
/// </summary>
internal sealed class ExplorerAssets
{
    private const string Prefix = "explorer/";

    private readonly Dictionary<string, ExplorerAsset> _assets;

    private ExplorerAssets(Dictionary<string, ExplorerAsset> assets) => _assets = assets;

    /// <summary>The shell page (<c>index.html</c>, a template the server fills per request).</summary>
    public ExplorerAsset Shell => _assets["index.html"];

    /// <summary>Every file's path relative to the assets folder (e.g. <c>js/app.js</c>, served at <c>/explorer/assets/js/app.js</c>).</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    /// <summary>The total compressed (gzip) size of the files a browser loads, for the size budget.</summary>
    public long GzipBytes => _assets.Values.Sum(a => (long)a.Gzip.Length);

    /// <summary>Loads every embedded asset of this assembly.</summary>
    public static ExplorerAssets Load()
    {
        var assembly = typeof(ExplorerAssets).Assembly;
        var assets = new Dictionary<string, ExplorerAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var path = name[Prefix.Length..].Replace('\\', '/');
            assets[path] = ExplorerAsset.Create(path, Read(assembly, name));
        }

        return assets.ContainsKey("index.html")
            ? new ExplorerAssets(assets)
            : throw new InvalidOperationException("the explorer's index.html is not embedded in Signet.Server");
    }

    /// <summary>The file at <paramref name="path"/> (relative to the assets folder), or null; the shell is not a file.</summary>
    public ExplorerAsset? Find(string path) =>
        path != "index.html" && _assets.TryGetValue(path, out var asset) ? asset : null;

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>One embedded file with its precomputed encodings.</summary>
/// <param name="Path">Path relative to the explorer root.</param>
/// <param name="ContentType">The <c>Content-Type</c> it is served with.</param>
/// <param name="Bytes">The file.</param>
/// <param name="Gzip">The file gzip-compressed (RFC 1952).</param>
/// <param name="Brotli">The file Brotli-compressed (RFC 7932).</param>
/// <param name="ETag">A strong entity tag (RFC 9110 §8.8.3): part of the file's SHA-256.</param>
internal sealed record ExplorerAsset(string Path, string ContentType, byte[] Bytes, byte[] Gzip, byte[] Brotli, string ETag)
{
    public static ExplorerAsset Create(string path, byte[] bytes) => new(
        path, ContentTypeOf(path), bytes, Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize)),
        Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize)),
        "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");

    private static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var compressor = wrap(output))
        {
            compressor.Write(bytes);
        }

        return output.ToArray();
    }
}
