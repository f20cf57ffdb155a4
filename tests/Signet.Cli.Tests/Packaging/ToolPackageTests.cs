using System.Diagnostics;

namespace Signet.Cli.Tests;

/// <summary>
/// The CLI as a .NET tool: <c>dotnet pack</c> makes package <c>signet</c>, <c>dotnet tool install --tool-path</c> installs
/// it from that folder alone (a config that clears every other source), and the installed <c>signet</c> runs: its
/// version, and a <c>verify</c> of a conformance bundle against the public-good trusted root.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-tool-").FullName;

    [Fact]
    public void The_packed_tool_installs_into_a_tool_path_and_verifies_a_bundle()
    {
        var repo = RepositoryRoot();
        var packages = Path.Combine(_work, "packages");
        // The test run has built the CLI (Release): pack what was built.
        Dotnet(repo, "pack", Path.Combine(repo, "src", "Signet.Cli", "Signet.Cli.csproj"), "-c", "Release", "--no-build", "-o", packages, "-nologo");
        var package = Assert.Single(Directory.GetFiles(packages, "signet.*.nupkg"), p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
        var version = Path.GetFileNameWithoutExtension(package)["signet.".Length..];

        var config = Path.Combine(_work, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(_work, "tools");
        Dotnet(_work, "tool", "install", "--tool-path", tools, "signet", "--configfile", config, "--version", version);

        var signet = Path.Combine(tools, "signet");
        Assert.True(File.Exists(signet), "the tool's command is not in the tool path");
        var shown = Run(_work, signet, "--version");
        Assert.Equal(0, shown.Exit);
        Assert.StartsWith(version, shown.Out.Trim(), StringComparison.Ordinal);

        var cases = Path.Combine(repo, "tests", "Signet.Conformance.Tests", "TestData");
        var verified = Run(_work, signet, "verify", Path.Combine(cases, "conformance", "a.txt"),
            "--bundle", Path.Combine(cases, "conformance", "bundle-verify", "happy-path-v0.3", "bundle.sigstore.json"),
            "--trusted-root", Path.Combine(cases, "production_trusted_root.json"),
            "--certificate-identity", "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
            "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com");
        Assert.True(verified.Exit == 0, verified.Err);

        // And it refuses what it must: another artifact.
        var other = Path.Combine(_work, "other.txt");
        File.WriteAllText(other, "not the signed artifact");
        Assert.Equal(1, Run(_work, signet, "verify", other,
            "--bundle", Path.Combine(cases, "conformance", "bundle-verify", "happy-path-v0.3", "bundle.sigstore.json"),
            "--trusted-root", Path.Combine(cases, "production_trusted_root.json"),
            "--certificate-identity", "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
            "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com").Exit);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Signet.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Signet.slnx not found above " + AppContext.BaseDirectory);
    }

    private static void Dotnet(string workingDirectory, params string[] args)
    {
        var r = Run(workingDirectory, "dotnet", args);
        Assert.True(r.Exit == 0, $"dotnet {string.Join(' ', args)}: exit {r.Exit}\n{r.Out}\n{r.Err}");
    }

    private static (int Exit, string Out, string Err) Run(string workingDirectory, string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in time");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
