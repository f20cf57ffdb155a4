namespace Signet.Analysis.Packages;

/// <summary>
/// The parts of Python core metadata (<c>PKG-INFO</c> in an sdist, <c>*.dist-info/METADATA</c> in a wheel) the analysis
/// reads: <c>Name</c>, <c>Version</c>, and the source repository from <c>Project-URL</c> (Core metadata §Project-URL) or <c>Home-page</c>.
/// </summary>
public sealed record PythonMetadata(string Name, string Version, string? Repository)
{
    private static readonly string[] SourceLabels = ["source", "source code", "repository", "code", "github", "homepage"];

    public static PythonMetadata Parse(string text)
    {
        string name = string.Empty, version = string.Empty;
        string? repository = null, home = null;
        foreach (var line in text.Split('\n'))
        {
            var l = line.TrimEnd('\r');
            if (l.Length == 0)
            {
                break; // headers end at the first empty line; the description follows (RFC 822 style).
            }

            var colon = l.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(l[0]))
            {
                continue;
            }

            var key = l[..colon];
            var value = l[(colon + 1)..].Trim();
            switch (key)
            {
                case "Name": name = value; break;
                case "Version": version = value; break;
                case "Home-page": home = value; break;
                case "Project-URL":
                    var comma = value.IndexOf(',', StringComparison.Ordinal);
                    if (comma > 0 && repository is null && SourceLabels.Contains(value[..comma].Trim().ToLowerInvariant()))
                    {
                        repository = value[(comma + 1)..].Trim();
                    }

                    break;
            }
        }

        return new PythonMetadata(name, version, repository ?? (home is not null && home.Contains("github.com", StringComparison.OrdinalIgnoreCase) ? home : null));
    }
}
