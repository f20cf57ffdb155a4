using System.Diagnostics;

namespace Signet.Packages.Tests.NuGet;

/// <summary>
/// A real restore and build, shared by the restore-time tests: <c>Signet.NuGet.Verify</c> packed with <c>dotnet pack</c>
/// into a local feed, and a small library project referencing it and <c>OpenTelemetry</c> 1.21.0 (whose DLLs carry
/// Sigstore bundles) restored from NuGet into a global packages folder of its own.
/// </summary>
public sealed class RestoredOpenTelemetry : IDisposable
{
    /// <summary>The OpenTelemetry .NET release workflow (core packages), as their certificates name it.</summary>
    public const string IdentityRegexp = @"^https://github\.com/open-telemetry/opentelemetry-dotnet/\.github/workflows/publish-packages-1\.0\.yml@refs/tags/core-";

    public const string Issuer = "https://token.actions.githubusercontent.com";

    public RestoredOpenTelemetry()
    {
        Work = Directory.CreateTempSubdirectory("signet-restore-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Work, "feed")).FullName;
        var repo = RepoRoot();
        var pack = Dotnet(repo, null, "pack", Path.Combine(repo, "src", "Signet.NuGet.Verify", "Signet.NuGet.Verify.csproj"), "-c", "Release", "--no-build", "-o", Feed, "-nologo");
        if (pack.Exit != 0)
        {
            throw new InvalidOperationException($"dotnet pack Signet.NuGet.Verify failed:\n{pack.Output}");
        }

        Project = NewProject("app", $"""
            <configuration><packageSources><clear />
              <add key="signet" value="{Feed}" />
              <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
            </packageSources></configuration>
            """);
        Packages = Path.Combine(Work, "packages");
        WritePolicy(Project, IdentityRegexp, requireAll: true);
        FirstBuild = Build(Project, Packages);
    }

    public string Work { get; }

    /// <summary>The local feed holding Signet.NuGet.Verify.</summary>
    public string Feed { get; }

    /// <summary>The project folder restored from NuGet.</summary>
    public string Project { get; }

    /// <summary>Its global packages folder.</summary>
    public string Packages { get; }

    /// <summary>The first build of <see cref="Project"/> under the OpenTelemetry policy.</summary>
    public (int Exit, string Output) FirstBuild { get; }

    /// <summary>The restored OpenTelemetry 1.21.0 package.</summary>
    public string OpenTelemetryNupkg => Path.Combine(Packages, "opentelemetry", "1.21.0", "opentelemetry.1.21.0.nupkg");

    /// <summary>A new project folder with <paramref name="nugetConfig"/>.</summary>
    public string NewProject(string name, string nugetConfig)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Work, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OpenTelemetry" Version="1.21.0" />
                <PackageReference Include="Signet.NuGet.Verify" Version="0.1.0" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Telemetry.cs"), "namespace App; public static class Telemetry { public static object Build() => OpenTelemetry.Sdk.CreateTracerProviderBuilder(); }\n");
        File.WriteAllText(Path.Combine(dir, "nuget.config"), nugetConfig);
        return dir;
    }

    public static void WritePolicy(string project, string identityRegexp, bool requireAll) =>
        File.WriteAllText(Path.Combine(project, "signet-packages.yml"), $"""
            packages:
              - id: OpenTelemetry*
                identity-regexp: '{identityRegexp}'
                issuer: {Issuer}
                require-all: {(requireAll ? "true" : "false")}
            """);

    /// <summary><c>dotnet build</c> of <paramref name="project"/> with <paramref name="packages"/> as the global packages folder.</summary>
    public static (int Exit, string Output) Build(string project, string packages) =>
        Dotnet(project, packages, "build", "-nologo", "-v:minimal", "-nodeReuse:false", "-p:UseSharedCompilation=false");

    public static (int Exit, string Output) Dotnet(string directory, string? packages, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (packages is not null)
        {
            start.Environment["NUGET_PACKAGES"] = packages;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} in {directory} did not finish in 15 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Signet.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Signet.slnx not found above the test's folder");
    }

    public void Dispose() => Directory.Delete(Work, recursive: true);
}
