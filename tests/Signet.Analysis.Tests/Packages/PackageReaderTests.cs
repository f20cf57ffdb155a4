using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Signet.Analysis.Packages;
using Signet.Analysis.Tests.Samples;
using Signet.Core;

namespace Signet.Analysis.Tests.Packages;

public sealed class PackageReaderTests
{
    [Fact]
    public void Reads_an_npm_tarball()
    {
        var p = SamplePackage.Npm("left-pad", "1.3.0", repository: "git+https://github.com/stevemao/left-pad.git").File("index.js", "module.exports = 1;").Read();
        Assert.Equal((Ecosystem.Npm, "left-pad", "1.3.0"), (p.Ecosystem, p.Name, p.Version));
        Assert.Equal("git+https://github.com/stevemao/left-pad.git", p.Repository);
        Assert.Contains(p.Files, f => f.Path == "package/index.js");
        Assert.Equal("package/", PackageReader.RootOf(p));
    }

    [Fact]
    public void Reads_a_wheel_and_an_sdist()
    {
        var wheel = SamplePackage.Wheel("demo", "2.0").File("demo/__init__.py", "").Read();
        Assert.Equal((Ecosystem.PyPI, "demo", "2.0"), (wheel.Ecosystem, wheel.Name, wheel.Version));
        Assert.Equal(["demo"], ImportNames.Of(wheel));
        var sdist = SamplePackage.SourceDistribution("demo", "2.0").File("src/demo/__init__.py", "").File("setup.py", "").Read();
        Assert.Equal((Ecosystem.PyPI, "demo"), (sdist.Ecosystem, sdist.Name));
        Assert.Equal(["demo"], ImportNames.Of(sdist));
    }

    [Fact]
    public void Reads_a_nupkg_with_its_repository()
    {
        var p = SamplePackage.NuGet("Sample.Package", "1.2.3", "https://github.com/example/sample").Read();
        Assert.Equal((Ecosystem.NuGet, "Sample.Package", "1.2.3", "https://github.com/example/sample"), (p.Ecosystem, p.Name, p.Version, p.Repository));
    }

    [Fact]
    public void Reads_a_gem_with_its_extensions()
    {
        var p = SamplePackage.Gem("fastjson", "0.1.0", "ext/fast/extconf.rb").File("lib/fastjson.rb", "module FastJson; end").Read();
        Assert.Equal((Ecosystem.RubyGems, "fastjson", "0.1.0"), (p.Ecosystem, p.Name, p.Version));
        Assert.Contains(p.Files, f => f.Path == "lib/fastjson.rb");
        Assert.Equal(["ext/fast/extconf.rb"], GemSpecification.Parse(PackageReader.Utf8(p.Find("metadata.yaml")!)).Extensions);
    }

    [Theory]
    [InlineData("not an archive at all")]
    [InlineData("")]
    public void Rejects_what_is_not_a_package(string content)
        => Assert.Throws<SignetFormatException>(() => PackageReader.Read("x.tgz", Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void Rejects_a_zip_that_is_no_known_package()
        => Assert.Contains("neither", Assert.Throws<SignetFormatException>(() => PackageReader.Read("x.zip", SamplePackage.Zip([("readme.txt", "hi"u8.ToArray())]))).Message);

    [Fact]
    public void Rejects_a_truncated_archive()
    {
        var bytes = SamplePackage.Npm().File("index.js", new string('x', 100_000)).Build();
        Assert.Throws<SignetFormatException>(() => PackageReader.Read("x.tgz", bytes.AsMemory(0, bytes.Length / 2)));
    }

    [Fact]
    public void Rejects_an_archive_that_expands_past_the_limit()
    {
        var bomb = SamplePackage.Npm().File("zeros.bin", new byte[4 << 20]).Build();
        Assert.True(bomb.Length < 64 << 10);
        var e = Assert.Throws<SignetFormatException>(() => PackageReader.Read("bomb.tgz", bomb, new ArchiveLimits { MaxTotalBytes = 1 << 20 }));
        Assert.Contains("limit", e.Message);
    }

    [Fact]
    public void Rejects_an_archive_of_too_many_entries()
    {
        var sample = SamplePackage.Npm();
        for (var i = 0; i < 50; i++)
        {
            sample.File($"f{i}.js", "1");
        }

        Assert.Contains("entries", Assert.Throws<SignetFormatException>(() => PackageReader.Read("x.tgz", sample.Build(), new ArchiveLimits { MaxEntries = 20 })).Message);
    }

    [Fact]
    public void Rejects_a_tar_entry_type_the_reader_does_not_support()
    {
        // Found by afl++ on the package-archive harness (fuzz/regressions/package-archive/afl-gnu-sparse-*): a GNU sparse
        // file (typeflag 'S', POSIX.1-2001 tar header offset 156) made TarReader throw NotSupportedException.
        var entry = new GnuTarEntry(TarEntryType.RegularFile, "package/index.js") { DataStream = new MemoryStream("1"u8.ToArray()) };
        AssertNotValidTar(PatchedGnuTarGz(entry, header => header[156] = (byte)'S'));
    }

    [Fact]
    public void Rejects_a_gnu_long_name_entry_with_an_oversized_size_field()
    {
        // Found by afl++ on the package-archive harness (fuzz/regressions/package-archive/afl-gnu-longlink-size-*): a GNU
        // 'K' (long link name) header whose size field (offset 124) says 8 GiB made TarReader throw InvalidOperationException.
        var entry = new GnuTarEntry(TarEntryType.SymbolicLink, "package/link") { LinkName = "package/" + new string('x', 200) };
        AssertNotValidTar(PatchedGnuTarGz(entry, header =>
        {
            Assert.Equal((byte)'K', header[156]);
            "77777777777\0"u8.CopyTo(header.AsSpan(124, 12));
        }));
    }

    private static void AssertNotValidTar(byte[] tgz)
        => Assert.Contains("not a valid tar archive", Assert.Throws<SignetFormatException>(() => PackageReader.Read("x.tgz", tgz)).Message, StringComparison.Ordinal);

    /// <summary>A gzip-compressed GNU tar of <paramref name="entry"/> whose first header <paramref name="patch"/> changes, its checksum (offset 148) made right again.</summary>
    private static byte[] PatchedGnuTarGz(GnuTarEntry entry, Action<byte[]> patch)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(entry);
        }

        var bytes = tar.ToArray();
        patch(bytes);
        "        "u8.CopyTo(bytes.AsSpan(148, 8));
        var sum = bytes.AsSpan(0, 512).ToArray().Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(bytes, 148);
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(bytes);
        }

        return gz.ToArray();
    }

    [Fact]
    public void Rejects_an_invalid_package_json()
        => Assert.Throws<SignetFormatException>(() => PackageReader.Read("x.tgz", SamplePackage.TarGz([("package/package.json", "{not json"u8.ToArray())])));

    [Fact]
    public void Rejects_a_nuspec_with_a_dtd()
    {
        var nuspec = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><package><metadata><id>&e;</id></metadata></package>";
        Assert.Throws<SignetFormatException>(() => PackageReader.Read("x.nupkg", SamplePackage.Zip([("x.nuspec", Encoding.UTF8.GetBytes(nuspec))])));
    }
}
