using System.Reflection;

namespace Signet.Cli.Tests;

/// <summary>
/// One public name, one meaning: no public type name is declared twice across the <c>src/</c> assemblies (the CLI
/// references every one of them, so this project is where they all load). Nested public types count under their own
/// name too; partial declarations of one type are one type.
/// </summary>
public sealed class PublicTypeNameTests
{
    [Fact]
    public void Every_src_project_is_loaded_here()
    {
        var missing = SourceProjectNames().Where(n => !File.Exists(Path.Combine(AppContext.BaseDirectory, n + ".dll"))).ToList();
        Assert.True(missing.Count == 0, $"not referenced by Signet.Cli, so not checked for duplicate public type names: {string.Join(", ", missing)}");
    }

    [Fact]
    public void No_public_type_name_is_declared_twice()
    {
        var assemblies = SourceProjectNames()
            .Select(n => Path.Combine(AppContext.BaseDirectory, n + ".dll"))
            .Where(File.Exists)
            .Select(p => Assembly.Load(AssemblyName.GetAssemblyName(p)))
            .ToList();
        Assert.True(assemblies.Count >= 15, $"only {assemblies.Count} src assemblies found next to the tests");

        var twice = assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .GroupBy(t => t.IsGenericType ? t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)] : t.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.FullName))}")
            .ToList();
        Assert.True(twice.Count == 0, "public type names declared more than once:\n" + string.Join("\n", twice));
    }

    /// <summary>The assembly name of every project under src/ (its AssemblyName, else the project file's name).</summary>
    private static IEnumerable<string> SourceProjectNames()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var src = Path.Combine(dir.FullName, "src");
            if (File.Exists(Path.Combine(dir.FullName, "Signet.slnx")) && Directory.Exists(src))
            {
                // Signet.NuGet.Verify is an MSBuild task: it is loaded by MSBuild next to MSBuild's own assemblies, never here.
                return Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories).Select(AssemblyNameOf)
                    .Where(n => n != "Signet.NuGet.Verify").Order(StringComparer.Ordinal).ToList();
            }
        }

        throw new InvalidOperationException("repository root (Signet.slnx) not found above " + AppContext.BaseDirectory);
    }

    private static string AssemblyNameOf(string csproj)
    {
        var named = System.Xml.Linq.XDocument.Load(csproj).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault();
        return string.IsNullOrEmpty(named) ? Path.GetFileNameWithoutExtension(csproj) : named;
    }
}
