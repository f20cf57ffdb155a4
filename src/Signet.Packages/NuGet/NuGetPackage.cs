using Signet.Core;
using Signet.Packages.Archives;

namespace Signet.Packages.NuGet;

/// <summary>
/// A <c>.nupkg</c> read into memory within <see cref="ArchiveLimits"/>: its id and version (from the root <c>.nuspec</c>),
/// its files, and whether it carries a NuGet package signature (<c>.signature.p7s</c>). Nothing is extracted to disk.
/// </summary>
public sealed class NuGetPackage
{
    /// <summary>The file a signed package carries its PKCS#7 signature in (NuGet package signing, author or repository).</summary>
    public const string SignatureFile = ".signature.p7s";

    private readonly Dictionary<string, PackageFile> _byPath;

    private NuGetPackage(string id, string version, string? repository, IReadOnlyList<PackageFile> files)
    {
        Id = id;
        Version = version;
        Repository = repository;
        Files = files;
        _byPath = new Dictionary<string, PackageFile>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            // A zip may name one path twice; NuGet refuses such packages, and so does this reader.
            if (!_byPath.TryAdd(f.Path, f))
            {
                throw new SignetFormatException($"{id}.{version}.nupkg: the entry '{f.Path}' appears twice");
            }
        }
    }

    /// <summary>The package id (<c>&lt;id&gt;</c> of the nuspec).</summary>
    public string Id { get; }

    /// <summary>The package version (<c>&lt;version&gt;</c> of the nuspec).</summary>
    public string Version { get; }

    /// <summary>The repository URL the nuspec names, or null.</summary>
    public string? Repository { get; }

    /// <summary>Every regular file of the package.</summary>
    public IReadOnlyList<PackageFile> Files { get; }

    /// <summary>Whether the package carries a NuGet package signature (adding files would invalidate it).</summary>
    public bool IsSigned => _byPath.ContainsKey(SignatureFile);

    /// <summary>The file at exactly <paramref name="path"/>, or null.</summary>
    public PackageFile? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>Reads a package from its bytes.</summary>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <param name="bytes">The <c>.nupkg</c>.</param>
    /// <param name="limits">Bounds on the archive (default <see cref="ArchiveLimits.Default"/>).</param>
    /// <exception cref="SignetFormatException">Not a NuGet package, or outside the limits.</exception>
    public static NuGetPackage Read(string fileName, ReadOnlyMemory<byte> bytes, ArchiveLimits? limits = null)
    {
        limits ??= ArchiveLimits.Default;
        if (bytes.Length > limits.MaxPackageBytes)
        {
            throw new SignetFormatException($"{fileName}: {bytes.Length} bytes is larger than the limit of {limits.MaxPackageBytes}");
        }

        if (!ArchiveEntries.IsZip(bytes.Span))
        {
            throw new SignetFormatException($"{fileName}: not a NuGet package (a .nupkg is a zip archive)");
        }

        var files = new ArchiveEntries(limits, fileName).ReadZip(bytes);
        return FromFiles(fileName, files);
    }

    /// <summary>A package from files already read (the root <c>.nuspec</c> among them).</summary>
    /// <exception cref="SignetFormatException">There is no root <c>.nuspec</c>, or it lacks an id or version.</exception>
    public static NuGetPackage FromFiles(string fileName, IReadOnlyList<PackageFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var nuspecs = files.Where(f => !f.Path.Contains('/', StringComparison.Ordinal) && f.Path.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).ToList();
        if (nuspecs.Count != 1)
        {
            throw new SignetFormatException($"{fileName}: a NuGet package has exactly one .nuspec at its root (found {nuspecs.Count})");
        }

        var m = NuGetManifest.Parse(nuspecs[0].Content, nuspecs[0].Path);
        if (m.Id.Length == 0 || m.Version.Length == 0)
        {
            throw new SignetFormatException($"{fileName}: the nuspec has no id or version");
        }

        return new NuGetPackage(m.Id, m.Version, m.Repository, files);
    }
}
