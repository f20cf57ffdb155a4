using Signet.Yaml;
using Signet.Core;
using YamlDotNet.RepresentationModel;

namespace Signet.Policy.Policies;

/// <summary>
/// A YAML mapping read strictly (YamlDotNet's representation model), with the path of every node for errors
/// (<c>spec.authorities[0].keyless.url</c>): one document, string scalars, and every key accounted for by
/// <see cref="Only"/>. All YAML reading of policies happens here.
/// </summary>
internal sealed class YamlDocument
{
    /// <summary>The largest policy or rules file accepted (1 MiB).</summary>
    public const int MaxBytes = 1024 * 1024;

    private readonly YamlMappingNode _node;

    private YamlDocument(YamlMappingNode node, string path)
    {
        _node = node;
        Path = path;
    }

    /// <summary>Where this mapping is (empty for the root).</summary>
    public string Path { get; }

    /// <summary>The keys present, in document order.</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "");

    public static YamlDocument Load(string yaml, string what)
    {
        var all = LoadAll(yaml, what);
        return all.Count == 1 ? all[0] : throw new SignetFormatException($"{what}: expected one YAML document, found {all.Count}");
    }

    /// <summary>Every document of a multi-document stream (<c>---</c>-separated), each a mapping.</summary>
    public static IReadOnlyList<YamlDocument> LoadAll(string yaml, string what)
    {
        var stream = YamlText.Load(yaml, what, MaxBytes);

        var documents = new List<YamlDocument>();
        foreach (var document in stream.Documents)
        {
            var where = stream.Documents.Count == 1 ? what : $"{what} (document {documents.Count + 1})";
            if (document.RootNode is not YamlMappingNode root)
            {
                throw new SignetFormatException($"{where}: the document is not a mapping");
            }

            if (root.Children.Keys.Any(k => k is not YamlScalarNode))
            {
                throw new SignetFormatException($"{where}: a key is not a string");
            }

            documents.Add(new YamlDocument(root, ""));
        }

        return documents;
    }

    public string Sub(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => _node.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>Every key must be one of <paramref name="known"/>: an unknown field is an error, never ignored.</summary>
    public void Only(params string[] known)
    {
        if (UnknownKeys(known).FirstOrDefault() is { } unknown)
        {
            throw new SignetFormatException($"{Sub(unknown)}: unknown field");
        }
    }

    public IEnumerable<string> UnknownKeys(params string[] known) => Keys.Where(k => !known.Contains(k, StringComparer.Ordinal));

    public string? String(string key, bool required = false)
    {
        if (!_node.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            return required ? throw new SignetFormatException($"{Sub(key)}: missing field") : null;
        }

        return value is YamlScalarNode s && s.Value is not null
            ? s.Value
            : throw new SignetFormatException($"{Sub(key)}: expected a string");
    }

    public YamlDocument? Map(string key, bool required = false)
    {
        if (!_node.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            return required ? throw new SignetFormatException($"{Sub(key)}: missing field") : null;
        }

        return AsMap(value, Sub(key));
    }

    /// <summary>A sequence of mappings; an absent key is an empty sequence unless <paramref name="required"/>.</summary>
    public IReadOnlyList<YamlDocument> Sequence(string key, bool required = false)
    {
        if (!_node.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            return required ? throw new SignetFormatException($"{Sub(key)}: missing field") : [];
        }

        if (value is YamlScalarNode { Value: null or "" or "null" or "~" } && value.Tag.IsEmpty)
        {
            return [];
        }

        if (value is not YamlSequenceNode seq)
        {
            throw new SignetFormatException($"{Sub(key)}: expected a list");
        }

        return seq.Children.Select((c, i) => AsMap(c, $"{Sub(key)}[{i}]")).ToArray();
    }

    private static YamlDocument AsMap(YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            throw new SignetFormatException($"{path}: expected a mapping");
        }

        if (map.Children.Keys.Any(k => k is not YamlScalarNode))
        {
            throw new SignetFormatException($"{path}: a key is not a string");
        }

        return new YamlDocument(map, path);
    }
}
