namespace Signet.Analysis.Packages;

/// <summary>
/// The parts of a gem's <c>metadata.gz</c> (the YAML that <c>Gem::Specification#to_yaml</c> writes) the analysis reads:
/// name, version, native <c>extensions</c> (built at <c>gem install</c>), and the source repository from
/// <c>metadata.source_code_uri</c> or <c>homepage</c>. The generated YAML is regular (top-level keys at column 0, list items
/// and mappings indented), so it is read by lines rather than with a general YAML parser.
/// </summary>
public sealed record GemSpecification(string Name, string Version, string? Repository, IReadOnlyList<string> Extensions)
{
    public static GemSpecification Parse(string yaml)
    {
        string name = string.Empty, version = string.Empty;
        string? source = null, home = null;
        var extensions = new List<string>();
        string? section = null;
        foreach (var raw in yaml.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]) && !line.StartsWith("- ", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                section = colon > 0 ? line[..colon] : null;
                var value = colon > 0 ? Scalar(line[(colon + 1)..]) : string.Empty;
                switch (section)
                {
                    case "name": name = value; break;
                    case "homepage": home = value; break;
                }

                continue;
            }

            var item = line.Trim();
            switch (section)
            {
                case "version" when item.StartsWith("version:", StringComparison.Ordinal):
                    version = Scalar(item["version:".Length..]);
                    break;
                case "extensions" when item.StartsWith("- ", StringComparison.Ordinal):
                    extensions.Add(Scalar(item[2..]));
                    break;
                case "metadata" when item.StartsWith("source_code_uri:", StringComparison.Ordinal):
                    source = Scalar(item["source_code_uri:".Length..]);
                    break;
            }
        }

        return new GemSpecification(name, version, source ?? (string.IsNullOrEmpty(home) ? null : home), extensions);
    }

    private static string Scalar(string s)
    {
        var v = s.Trim();
        return v.Length >= 2 && (v[0] == '"' || v[0] == '\'') && v[^1] == v[0] ? v[1..^1] : v;
    }
}
