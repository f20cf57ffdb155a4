using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Signet.Server.Log;
using Signet.Server.Trust;

namespace Signet.Server.Explorer;

/// <summary>
/// The explorer's shell page: <c>index.html</c> with the base URL of the explorer (relative, so a deep link such as
/// <c>/explorer/entry/7</c> and a reverse proxy's path prefix both work) and the page's configuration — the log's
/// origin, tree ID and this server's trusted root (the log keys the page verifies checkpoints and signed entry
/// timestamps against; the CA chain it shows certificates under) — embedded as a JSON data block, so the first
/// view needs no request for it. Rendered once per base and kept (the configuration is fixed once the server runs).
/// </summary>
internal sealed class ExplorerPage(ExplorerAssets assets, IServiceProvider services)
{
    private const string BasePlaceholder = "{{base}}";
    private const string ConfigPlaceholder = "{{config}}";

    private readonly ConcurrentDictionary<string, ExplorerAsset> _rendered = new(StringComparer.Ordinal);
    private readonly Lazy<string> _config = new(() => ConfigJson(services));

    /// <summary>The shell for a page <paramref name="depth"/> path segments below the explorer root.</summary>
    public ExplorerAsset For(int depth)
    {
        var baseHref = depth == 0 ? "./" : string.Concat(Enumerable.Repeat("../", depth));
        return _rendered.GetOrAdd(baseHref, b =>
        {
            var html = Encoding.UTF8.GetString(assets.Shell.Bytes)
                .Replace(BasePlaceholder, b, StringComparison.Ordinal)
                .Replace(ConfigPlaceholder, _config.Value, StringComparison.Ordinal);
            return ExplorerAsset.Create("index.html", Encoding.UTF8.GetBytes(html));
        });
    }

    /// <summary><c>{origin, treeId, trustedRoot}</c>, safe inside a <c>script</c> data block: every <c>&lt;</c> is
    /// escaped (<c>\u003c</c>, valid in JSON strings, the only place JSON can hold it), so no <c>&lt;/script</c> or
    /// <c>&lt;!--</c> can end or bend the block (HTML §4.12.1.3).</summary>
    private static string ConfigJson(IServiceProvider services)
    {
        var log = services.GetRequiredService<LogHost>();
        var options = services.GetRequiredService<SignetServerOptions>();
        var bound = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? "http://" + options.Listen;
        var (trustedRoot, _) = TrustMaterialFiles.Describe(services, options, new Uri(bound));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("origin", log.Keys.Origin);
            writer.WriteString("treeId", log.Keys.TreeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WritePropertyName("trustedRoot");
            using (var root = JsonDocument.Parse(trustedRoot.ToJson()))
            {
                root.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("<", "\\u003c", StringComparison.Ordinal);
    }
}
