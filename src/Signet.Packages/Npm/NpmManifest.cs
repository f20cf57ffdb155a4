using System.Text.Json;
using Signet.Core;

namespace Signet.Packages.Npm;

/// <summary>The parts of an npm <c>package.json</c> that analysis and provenance read: name, version, repository and scripts.</summary>
public sealed record NpmManifest(string Name, string Version, string? Repository, IReadOnlyDictionary<string, string> Scripts)
{
    /// <summary>
    /// The lifecycle scripts npm runs when the package is installed as a dependency, in order
    /// (npm docs, "scripts": <c>preinstall</c>, <c>install</c>, <c>postinstall</c>; <c>prepare</c> runs only for git and local installs).
    /// </summary>
    public static IReadOnlyList<string> InstallScripts { get; } = ["preinstall", "install", "postinstall"];

    public static NpmManifest Parse(ReadOnlyMemory<byte> json, string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SignetFormatException($"{file}: not a JSON object");
            }

            var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("scripts", out var s) && s.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in s.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    scripts[p.Name] = p.Value.GetString()!;
                }
            }

            string? repository = null;
            if (root.TryGetProperty("repository", out var r))
            {
                repository = r.ValueKind switch
                {
                    JsonValueKind.String => r.GetString(),
                    JsonValueKind.Object when r.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String => u.GetString(),
                    _ => null,
                };
            }

            return new NpmManifest(Text(root, "name") ?? string.Empty, Text(root, "version") ?? string.Empty, repository, scripts);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"{file}: not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            // npm's JSON is read leniently (comments, trailing commas), but a string that is not valid Unicode
            // (invalid UTF-8, a lone surrogate escape) cannot be read: RFC 8259 §8.1.
            throw new SignetFormatException($"{file}: a string is not valid Unicode ({e.Message})", e);
        }
    }

    private static string? Text(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
