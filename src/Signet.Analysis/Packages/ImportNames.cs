namespace Signet.Analysis.Packages;

/// <summary>
/// What a consumer imports from a package: the npm name; for Python, the wheel's <c>top_level.txt</c>, else the top-level
/// packages and modules of the wheel or sdist (a folder with <c>__init__.py</c>, a lone <c>.py</c>), else the project name
/// with dashes as underscores.
/// </summary>
public static class ImportNames
{
    public static IReadOnlyList<string> Of(PackageContents package)
    {
        if (package.Ecosystem != Ecosystem.PyPI)
        {
            return [package.Name];
        }

        if (package.Files.FirstOrDefault(f => f.Path.EndsWith(".dist-info/top_level.txt", StringComparison.Ordinal)) is { } topLevel)
        {
            var names = PackageReader.Utf8(topLevel).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length > 0)
            {
                return names;
            }
        }

        var root = PackageReader.RootOf(package);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in package.Files)
        {
            var rel = f.Path[root.Length..];
            if (rel.StartsWith("src/", StringComparison.Ordinal))
            {
                rel = rel[4..];
            }

            var parts = rel.Split('/');
            if (parts.Length == 2 && parts[1] == "__init__.py" && !parts[0].Contains('.', StringComparison.Ordinal) && parts[0] is not ("tests" or "test" or "docs"))
            {
                found.Add(parts[0]);
            }
            else if (parts.Length == 1 && rel.EndsWith(".py", StringComparison.Ordinal) && rel is not ("setup.py" or "conftest.py"))
            {
                found.Add(rel[..^3]);
            }
        }

        return found.Count > 0 ? found.ToArray() : [package.Name.Replace('-', '_').Replace('.', '_')];
    }
}
