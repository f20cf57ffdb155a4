using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static Signet.Cli.Tests.Packaging.DotnetCli;

namespace Signet.Cli.Tests.Packaging;

/// <summary>
/// <c>dotnet pack Signet.slnx -c Release -o DIR</c> (issue 20 item 5), over the build the test run made
/// (<c>--no-build</c>; <c>-p:SignetAotTool=false</c> keeps the tool framework-dependent, its AOT packages are
/// tests/aot/run.sh's): exactly one package per src project and none for tests, benchmarks or fuzzing; each library
/// with its own README, its DLL and XML documentation, a symbols package with its PDB, the Apache-2.0 expression,
/// git repository metadata with the commit, and nuspec dependencies on exactly the Signet packages its project
/// references, at the same version.
/// </summary>
public sealed partial class SolutionPackTests : IDisposable
{
    private static readonly XNamespace Nuspec = XNamespace.None; // Metadata drops the nuspec's (versioned) namespace
    private readonly string _packages = Directory.CreateTempSubdirectory("signet-pack-").FullName;

    [Fact]
    public void The_solution_packs_every_library_and_the_tool_with_docs_symbols_readme_and_dependencies()
    {
        var repo = RepositoryRoot();
        Dotnet(repo, "pack", Path.Combine(repo, "Signet.slnx"), "-c", "Release", "--no-build", "-o", _packages, "-nologo", "-p:SignetAotTool=false");

        var projects = Directory.GetDirectories(Path.Combine(repo, "src")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var version = XDocument.Load(Path.Combine(repo, "Directory.Build.props")).Descendants("Version").Single().Value;
        var expected = projects.Select(p => p == "Signet.Cli" ? "signet" : p).Select(id => $"{id}.{version}.nupkg").Order(StringComparer.Ordinal);
        var made = Directory.GetFiles(_packages, "*.nupkg").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(expected, made);

        var commit = Run(repo, "git", "rev-parse", "HEAD");
        foreach (var project in projects.Where(p => p != "Signet.Cli"))
        {
            using var package = ZipFile.OpenRead(Path.Combine(_packages, $"{project}.{version}.nupkg"));
            var metadata = Metadata(package, project);
            Assert.Equal(project, metadata.Element(Nuspec + "id")!.Value);
            Assert.Equal(version, metadata.Element(Nuspec + "version")!.Value);
            Assert.Equal("Apache-2.0", metadata.Element(Nuspec + "license")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(Nuspec + "description")!.Value), project + ": no description");

            // Its own README: the library's name as the title.
            Assert.Equal("README.md", metadata.Element(Nuspec + "readme")!.Value);
            Assert.StartsWith("# " + project + "\n", Text(package, "README.md"), StringComparison.Ordinal);

            var repository = metadata.Element(Nuspec + "repository")!;
            Assert.Equal("git", repository.Attribute("type")!.Value);
            if (commit.Exit == 0)
            {
                Assert.Equal(commit.Out.Trim(), repository.Attribute("commit")!.Value);
            }

            var references = ProjectReferences(Path.Combine(repo, "src", project, project + ".csproj"));
            if (project == "Signet.NuGet.Verify")
            {
                // An MSBuild task package: the task and its dependencies under tasks/, the targets under build/, no lib/ and no dependencies.
                Assert.Contains(package.Entries, e => e.FullName == "tasks/net10.0/Signet.NuGet.Verify.dll");
                Assert.Contains(package.Entries, e => e.FullName == "tasks/net10.0/Signet.Packages.dll");
                Assert.Contains(package.Entries, e => e.FullName == "build/Signet.NuGet.Verify.targets");
                Assert.Empty(Dependencies(metadata));
                continue;
            }

            Assert.Contains(package.Entries, e => e.FullName == $"lib/net10.0/{project}.dll");
            Assert.Contains("<member name=", Text(package, $"lib/net10.0/{project}.xml"), StringComparison.Ordinal);

            // Project references become dependencies on the other Signet packages, all at this version.
            var signetDependencies = Dependencies(metadata).Where(d => d.Id.StartsWith("Signet.", StringComparison.Ordinal)).ToList();
            Assert.Equal(references.Order(StringComparer.Ordinal), signetDependencies.Select(d => d.Id).Order(StringComparer.Ordinal));
            Assert.All(signetDependencies, d => Assert.Equal(version, d.Version));

            using var symbols = ZipFile.OpenRead(Path.Combine(_packages, $"{project}.{version}.snupkg"));
            Assert.Contains(symbols.Entries, e => e.FullName == $"lib/net10.0/{project}.pdb");
        }

        // The tool: a DotnetTool package with the framework-dependent build, the repository README, no dependencies.
        using var tool = ZipFile.OpenRead(Path.Combine(_packages, $"signet.{version}.nupkg"));
        var toolMetadata = Metadata(tool, "signet");
        Assert.Equal("DotnetTool", toolMetadata.Element(Nuspec + "packageTypes")!.Element(Nuspec + "packageType")!.Attribute("name")!.Value);
        Assert.Contains(tool.Entries, e => e.FullName == "tools/net10.0/any/signet.dll");
        Assert.Contains(tool.Entries, e => e.FullName == "tools/net10.0/any/DotnetToolSettings.xml");
        Assert.StartsWith("# Signet\n", Text(tool, "README.md"), StringComparison.Ordinal);
        Assert.Empty(Dependencies(toolMetadata));
    }

    public void Dispose() => Directory.Delete(_packages, recursive: true);

    private static XElement Metadata(ZipArchive package, string id)
    {
        var nuspec = Assert.Single(package.Entries, e => e.FullName == id + ".nuspec");
        using var stream = nuspec.Open();
        var root = XDocument.Load(stream).Root!;
        foreach (var element in root.DescendantsAndSelf())
        {
            element.Name = element.Name.LocalName;
        }

        return root.Element("metadata")!;
    }

    private static List<(string Id, string Version)> Dependencies(XElement metadata) =>
        metadata.Descendants(Nuspec + "dependency").Select(d => (d.Attribute("id")!.Value, d.Attribute("version")!.Value)).ToList();

    private static string Text(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path);
        Assert.True(entry is not null, path + " is not in the package");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    private static List<string> ProjectReferences(string csproj) =>
        ReferencedProject().Matches(File.ReadAllText(csproj)).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("""<ProjectReference Include="\.\./([^/"]+)/""")]
    private static partial Regex ReferencedProject();
}
