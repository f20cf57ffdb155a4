using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Signet.Analysis.Packages;

namespace Signet.Analysis.Tests.Samples;

/// <summary>
/// Builds package archives in memory, the way each ecosystem's tools lay them out: an npm tarball (package/…), a PyPI
/// wheel (zip with NAME-VER.dist-info/METADATA) or sdist (NAME-VER/PKG-INFO), a .nupkg (zip with a root .nuspec), a .gem
/// (tar of metadata.gz and data.tar.gz). Samples only ever aim at loopback addresses and .invalid names.
/// </summary>
internal sealed class SamplePackage
{
    private readonly List<(string Path, byte[] Content)> _files = [];

    private SamplePackage(Ecosystem ecosystem, string name, string version)
    {
        Ecosystem = ecosystem;
        Name = name;
        Version = version;
    }

    public Ecosystem Ecosystem { get; }

    public string Name { get; }

    public string Version { get; }

    public bool Sdist { get; private set; }

    public static SamplePackage Npm(string name = "sample-pkg", string version = "1.0.0", string? scripts = null, string? repository = null)
    {
        var p = new SamplePackage(Ecosystem.Npm, name, version);
        var repo = repository is null ? string.Empty : $", \"repository\": {{\"type\": \"git\", \"url\": \"{repository}\"}}";
        p.File("package.json", $"{{\"name\": \"{name}\", \"version\": \"{version}\", \"main\": \"index.js\"{(scripts is null ? string.Empty : $", \"scripts\": {scripts}")}{repo}}}");
        return p;
    }

    public static SamplePackage Wheel(string name = "sample_pkg", string version = "1.0.0")
    {
        var p = new SamplePackage(Ecosystem.PyPI, name, version);
        p.File($"{name}-{version}.dist-info/METADATA", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n");
        p.File($"{name}-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: signet-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        p.File($"{name}-{version}.dist-info/top_level.txt", name + "\n");
        return p;
    }

    public static SamplePackage SourceDistribution(string name = "sample_pkg", string version = "1.0.0")
    {
        var p = new SamplePackage(Ecosystem.PyPI, name, version) { Sdist = true };
        p.File("PKG-INFO", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n");
        return p;
    }

    public static SamplePackage NuGet(string id = "Sample.Package", string version = "1.0.0", string? repository = null)
    {
        var p = new SamplePackage(Ecosystem.NuGet, id, version);
        var repo = repository is null ? string.Empty : $"<repository type=\"git\" url=\"{repository}\" />";
        p.File($"{id}.nuspec", $"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>{id}</id><version>{version}</version><authors>tests</authors><description>sample</description>{repo}</metadata></package>");
        return p;
    }

    public static SamplePackage Gem(string name = "sample_gem", string version = "1.0.0", params string[] extensions)
    {
        var p = new SamplePackage(Ecosystem.RubyGems, name, version);
        p._gemExtensions = extensions;
        return p;
    }

    private string[] _gemExtensions = [];

    public SamplePackage File(string path, string text) => File(path, Encoding.UTF8.GetBytes(text));

    public SamplePackage File(string path, byte[] content)
    {
        _files.Add((path, content));
        return this;
    }

    /// <summary>The archive's path of a file given relative to the package root.</summary>
    public string PathOf(string relative) => Ecosystem switch
    {
        Ecosystem.Npm => "package/" + relative,
        Ecosystem.PyPI when Sdist => $"{Name}-{Version}/{relative}",
        _ => relative,
    };

    public string FileName => Ecosystem switch
    {
        Ecosystem.Npm => $"{Name}-{Version}.tgz",
        Ecosystem.PyPI when Sdist => $"{Name}-{Version}.tar.gz",
        Ecosystem.PyPI => $"{Name}-{Version}-py3-none-any.whl",
        Ecosystem.NuGet => $"{Name}.{Version}.nupkg",
        _ => $"{Name}-{Version}.gem",
    };

    public byte[] Build() => Ecosystem == Ecosystem.Npm || Sdist ? TarGz(_files.Select(f => (PathOf(f.Path), f.Content)))
        : Ecosystem == Ecosystem.RubyGems ? GemArchive()
        : Ecosystem == Ecosystem.PyPI ? Zip([.. _files, ($"{Name}-{Version}.dist-info/RECORD", Encoding.UTF8.GetBytes(string.Concat(_files.Select(f => f.Path + ",,\n")) + $"{Name}-{Version}.dist-info/RECORD,,\n"))])
        : Zip(_files);

    /// <summary>A minimal ELF header (x86-64), enough for magic-number detection.</summary>
    public static byte[] Elf() => [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. new byte[56]];

    /// <summary>A minimal PE: the MS-DOS header's e_lfanew (0x3c) points at "PE\0\0".</summary>
    public static byte[] Pe()
    {
        var b = new byte[0x80];
        b[0] = (byte)'M';
        b[1] = (byte)'Z';
        b[0x3c] = 0x40;
        "PE\0\0"u8.CopyTo(b.AsSpan(0x40));
        return b;
    }

    public PackageContents Read() => PackageReader.Read(FileName, Build());

    /// <summary>Writes the archive into <paramref name="directory"/> and returns its path.</summary>
    public string WriteTo(string directory)
    {
        var path = Path.Combine(directory, FileName);
        System.IO.File.WriteAllBytes(path, Build());
        return path;
    }

    public static byte[] TarGz(IEnumerable<(string Path, byte[] Content)> files)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            Tar(gz, files);
        }

        return ms.ToArray();
    }

    public static void Tar(Stream stream, IEnumerable<(string Path, byte[] Content)> files)
    {
        using var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (path, content) in files)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content), Mode = (UnixFileMode)0b110_100_100 };
            tar.WriteEntry(entry);
        }
    }

    public static byte[] Zip(IEnumerable<(string Path, byte[] Content)> files)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var s = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
                s.Write(content);
            }
        }

        return ms.ToArray();
    }

    private byte[] GemArchive()
    {
        var ext = _gemExtensions.Length == 0 ? "extensions: []\n" : "extensions:\n" + string.Concat(_gemExtensions.Select(e => $"- {e}\n"));
        var yaml = $"--- !ruby/object:Gem::Specification\nname: {Name}\nversion: !ruby/object:Gem::Version\n  version: {Version}\nplatform: ruby\n{ext}homepage: https://example.invalid/{Name}\nmetadata:\n  source_code_uri: https://example.invalid/{Name}\n";
        using var meta = new MemoryStream();
        using (var gz = new GZipStream(meta, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(yaml));
        }

        using var outer = new MemoryStream();
        Tar(outer, [("metadata.gz", meta.ToArray()), ("data.tar.gz", TarGz(_files))]);
        return outer.ToArray();
    }
}
