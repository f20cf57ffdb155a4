using System.IO.Compression;
using System.Text;
using Signet.Core;

namespace Signet.Analysis.Packages;

/// <summary>
/// Recognises a package archive by its content and reads it into <see cref="PackageContents"/>: an npm tarball
/// (gzip tar with <c>ROOT/package.json</c>), a PyPI sdist (gzip tar with <c>ROOT/PKG-INFO</c>) or wheel (zip with
/// <c>*.dist-info/METADATA</c>), a <c>.nupkg</c> (zip with a root <c>*.nuspec</c>), or a <c>.gem</c> (tar with
/// <c>metadata.gz</c> and <c>data.tar.gz</c>). Pure: bytes in, contents out.
/// </summary>
public static class PackageReader
{
    public static PackageContents Read(string fileName, ReadOnlyMemory<byte> bytes, ArchiveLimits? limits = null) =>
        ReadContents(fileName, bytes, limits) with { FileName = fileName, Archive = bytes };

    private static PackageContents ReadContents(string fileName, ReadOnlyMemory<byte> bytes, ArchiveLimits? limits)
    {
        limits ??= ArchiveLimits.Default;
        if (bytes.Length > limits.MaxPackageBytes)
        {
            throw new SignetFormatException($"{fileName}: {bytes.Length} bytes is larger than the limit of {limits.MaxPackageBytes}");
        }

        var span = bytes.Span;
        var entries = new ArchiveEntries(limits, fileName);
        if (ArchiveEntries.IsZip(span))
        {
            return FromZip(fileName, entries.ReadZip(bytes));
        }

        if (ArchiveEntries.IsGzip(span))
        {
            return FromTarGz(fileName, entries.ReadTarGz(bytes));
        }

        if (ArchiveEntries.IsTar(span))
        {
            return FromGem(fileName, entries.ReadTar(new MemoryStream(bytes.ToArray(), writable: false)), entries);
        }

        throw new SignetFormatException($"{fileName}: not a package archive (expected an npm .tgz, a PyPI .whl or .tar.gz, a .nupkg or a .gem)");
    }

    private static PackageContents FromZip(string fileName, List<PackageFile> files)
    {
        if (files.FirstOrDefault(f => !f.Path.Contains('/', StringComparison.Ordinal) && f.Path.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)) is { } nuspec)
        {
            var m = NuGetManifest.Parse(nuspec.Content, nuspec.Path);
            return new PackageContents(Ecosystem.NuGet, m.Id, m.Version, m.Repository, files);
        }

        // PEP 427: the wheel's metadata lives in {name}-{version}.dist-info/METADATA at the archive root.
        if (files.FirstOrDefault(f => f.Path.Count(c => c == '/') == 1 && f.Path.EndsWith(".dist-info/METADATA", StringComparison.Ordinal)) is { } metadata)
        {
            var m = PythonMetadata.Parse(Utf8(metadata));
            return new PackageContents(Ecosystem.PyPI, m.Name, m.Version, m.Repository, files);
        }

        throw new SignetFormatException($"{fileName}: a zip archive with neither a root .nuspec (NuGet) nor a .dist-info/METADATA (wheel)");
    }

    private static PackageContents FromTarGz(string fileName, List<PackageFile> files)
    {
        if (AtDepthOne(files, "package.json") is { } packageJson)
        {
            var m = NpmManifest.Parse(packageJson.Content, packageJson.Path);
            return new PackageContents(Ecosystem.Npm, m.Name, m.Version, m.Repository, files);
        }

        // PEP 625 / sdist format: {name}-{version}/PKG-INFO.
        if (AtDepthOne(files, "PKG-INFO") is { } pkgInfo)
        {
            var m = PythonMetadata.Parse(Utf8(pkgInfo));
            return new PackageContents(Ecosystem.PyPI, m.Name, m.Version, m.Repository, files);
        }

        throw new SignetFormatException($"{fileName}: a gzip tar with neither ROOT/package.json (npm) nor ROOT/PKG-INFO (PyPI sdist)");
    }

    private static PackageContents FromGem(string fileName, List<PackageFile> outer, ArchiveEntries entries)
    {
        var metadata = outer.FirstOrDefault(f => f.Path == "metadata.gz");
        var data = outer.FirstOrDefault(f => f.Path == "data.tar.gz");
        if (metadata is null || data is null)
        {
            throw new SignetFormatException($"{fileName}: a tar archive without metadata.gz and data.tar.gz (not a gem)");
        }

        string yaml;
        try
        {
            using var gz = new GZipStream(new MemoryStream(metadata.Content.ToArray(), writable: false), CompressionMode.Decompress);
            using var reader = new StreamReader(gz, Encoding.UTF8);
            var buffer = new char[4 << 20];
            var n = reader.ReadBlock(buffer, 0, buffer.Length);
            yaml = new string(buffer, 0, n);
        }
        catch (InvalidDataException e)
        {
            throw new SignetFormatException($"{fileName}: metadata.gz is not gzip ({e.Message})", e);
        }

        var spec = GemSpecification.Parse(yaml);
        var files = entries.ReadTarGz(data.Content);
        files.Add(new PackageFile("metadata.yaml", Encoding.UTF8.GetBytes(yaml)));
        return new PackageContents(Ecosystem.RubyGems, spec.Name, spec.Version, spec.Repository, files);
    }

    private static PackageFile? AtDepthOne(List<PackageFile> files, string name)
        => files.Where(f => f.Path.Count(c => c == '/') == 1 && f.Path.EndsWith("/" + name, StringComparison.Ordinal)).MinBy(f => f.Path.Length);

    internal static string Utf8(PackageFile f) => Encoding.UTF8.GetString(f.Content.Span);

    /// <summary>The archive's root folder of a tarball package (<c>package/</c> for npm), with its slash, or empty.</summary>
    public static string RootOf(PackageContents p)
    {
        if (p.Ecosystem is Ecosystem.Npm or Ecosystem.PyPI && p.Files.Count > 0 && p.Files[0].Path.IndexOf('/', StringComparison.Ordinal) is var slash and > 0)
        {
            var root = p.Files[0].Path[..(slash + 1)];
            if (p.Files.All(f => f.Path.StartsWith(root, StringComparison.Ordinal)))
            {
                return root;
            }
        }

        return string.Empty;
    }
}
