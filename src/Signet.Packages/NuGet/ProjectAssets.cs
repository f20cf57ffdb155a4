using Signet.Core;
using Signet.Core.Json;

namespace Signet.Packages.NuGet;

/// <summary>
/// The packages a restore resolved, read from NuGet's <c>obj/project.assets.json</c> (the lock file NuGet writes at
/// restore, <c>NuGet.ProjectModel</c> <c>LockFile</c>): each <c>libraries</c> member of <c>"type": "package"</c> is
/// <c>ID/VERSION</c> with its folder (<c>path</c>, relative to a <c>packageFolders</c> entry). Project references (<c>"type": "project"</c>) are not packages and are left out.
/// </summary>
public static class ProjectAssets
{
    /// <summary>The largest assets file read (64 MiB) and its bounds (a large solution lists thousands of files per package).</summary>
    public static JsonLimits Limits { get; } = new(64 << 20, 64, 200_000);

    /// <summary>Reads the resolved packages of an assets file.</summary>
    /// <param name="utf8Json">The file's content.</param>
    /// <param name="what">The file's path, for messages.</param>
    /// <exception cref="SignetFormatException">The file is not an assets file.</exception>
    public static IReadOnlyList<RestoredPackage> Read(ReadOnlyMemory<byte> utf8Json, string what)
    {
        using var doc = StrictJson.Parse(utf8Json, what, Limits);
        var root = JsonField.Root(doc.RootElement, what).RequireObject();
        var folders = root.RequiredObject("packageFolders").Members().Select(m => m.Name).ToList();
        if (folders.Count == 0)
        {
            throw root.ErrorAt("packageFolders", "no package folder");
        }

        var packages = new List<RestoredPackage>();
        foreach (var (name, library) in root.RequiredObject("libraries").Members())
        {
            if (library.RequireObject().RequiredString("type") != "package")
            {
                continue;
            }

            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == name.Length - 1 || name.IndexOf('/', slash + 1) >= 0)
            {
                throw root.Error($"libraries: '{name}' is not ID/VERSION");
            }

            var path = library.RequiredString("path", allowEmpty: false);
            if (path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(path))
            {
                throw library.ErrorAt("path", $"'{path}' leaves the package folder");
            }

            var id = name[..slash];
            var version = name[(slash + 1)..];
            var nupkg = folders
                .Select(f => Path.Combine(f, path, $"{id.ToLowerInvariant()}.{version.ToLowerInvariant()}.nupkg"))
                .FirstOrDefault(File.Exists);
            packages.Add(new RestoredPackage(id, version, nupkg));
        }

        return packages;
    }
}

/// <summary>One package a restore resolved.</summary>
/// <param name="Id">The package id as the project resolved it.</param>
/// <param name="Version">The resolved version.</param>
/// <param name="NupkgPath">The <c>.nupkg</c> in the package folder, or null when none is there.</param>
public sealed record RestoredPackage(string Id, string Version, string? NupkgPath);
