using System.Xml;
using Signet.Core;

namespace Signet.Packages.NuGet;

/// <summary>
/// The package sources NuGet would use (NuGet docs "Common NuGet configurations"): the <c>packageSources</c> of every
/// <c>nuget.config</c> from a directory up to the file-system root, nearest first, then the user's
/// <c>~/.nuget/NuGet/NuGet.Config</c>; a <c>&lt;clear /&gt;</c> drops the sources of the files further out. A source is a
/// v3 service index (<c>https://…/index.json</c>) or a local folder feed.
/// </summary>
public static class NuGetSources
{
    private static readonly string[] ConfigNames = ["nuget.config", "NuGet.config", "NuGet.Config"];

    /// <summary>The sources in the order NuGet lists them.</summary>
    /// <param name="startDirectory">Where the search for <c>nuget.config</c> starts (the current directory by default).</param>
    /// <exception cref="SignetFormatException">A config file is not valid XML.</exception>
    public static IReadOnlyList<string> Find(string? startDirectory = null)
    {
        var files = new List<string>();
        for (var dir = new DirectoryInfo(startDirectory ?? Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var found = ConfigNames.Select(n => Path.Combine(dir.FullName, n)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                files.Add(found);
            }
        }

        var user = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        if (File.Exists(user) && !files.Contains(user, StringComparer.Ordinal))
        {
            files.Add(user);
        }

        var sources = new List<string>();
        foreach (var file in files)
        {
            var (added, clear) = Read(file);
            sources.AddRange(added.Where(s => !sources.Contains(s, StringComparer.OrdinalIgnoreCase)));
            if (clear)
            {
                break;
            }
        }

        return sources;
    }

    /// <summary>The first v3 service index (https …/index.json) among <see cref="Find"/>'s sources.</summary>
    /// <exception cref="SignetFormatException">There is none.</exception>
    public static string FirstServiceIndex(string? startDirectory = null) =>
        Find(startDirectory).FirstOrDefault(IsServiceIndex)
        ?? throw new SignetFormatException("NuGet: no v3 package source (an https …/index.json) in nuget.config or the user's NuGet.Config");

    /// <summary>Whether a source is a v3 service index rather than a folder.</summary>
    public static bool IsServiceIndex(string source) =>
        (source.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        && source.EndsWith("index.json", StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate(source, UriKind.Absolute, out _);

    private static (List<string> Sources, bool Clear) Read(string file)
    {
        XmlDocument doc;
        try
        {
            doc = PackageXml.Load(File.ReadAllBytes(file));
        }
        catch (XmlException e)
        {
            throw new SignetFormatException($"{file}: not valid XML ({e.Message})", e);
        }

        var sources = new List<string>();
        var clear = false;
        foreach (var node in doc.SelectNodes("/configuration/packageSources/*")?.OfType<XmlElement>() ?? [])
        {
            if (node.LocalName == "clear")
            {
                clear = true;
                sources.Clear();
                continue;
            }

            if (node.LocalName != "add" || node.GetAttribute("value") is not { Length: > 0 } value)
            {
                continue;
            }

            // A relative folder is relative to the config file that names it.
            sources.Add(IsServiceIndex(value) || Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, value)));
        }

        return (sources, clear);
    }
}
