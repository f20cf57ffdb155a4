using static Signet.Cli.Tests.Packaging.DotnetCli;

namespace Signet.Cli.Tests.Packaging;

/// <summary>
/// The CLI as a framework-dependent .NET tool (<c>-p:SignetAotTool=false</c>, what a pack makes off Linux):
/// <c>dotnet pack</c> makes package <c>signet</c>, <c>dotnet tool install --tool-path</c> installs it from that folder
/// alone (a config that clears every other source), and the installed <c>signet</c> runs: its version, and a
/// <c>verify</c> of a conformance bundle against the public-good trusted root. The RID-specific packages (the Native
/// AOT <c>signet.linux-x64</c> and the <c>signet.any</c> fallback) are packed, installed and run by tests/aot/run.sh,
/// which reuses its AOT publish.
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
        Dotnet(repo, "pack", Path.Combine(repo, "src", "Signet.Cli", "Signet.Cli.csproj"), "-c", "Release", "--no-build", "-o", packages, "-nologo", "-p:SignetAotTool=false");
        var package = Assert.Single(Directory.GetFiles(packages, "signet.*.nupkg"), p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
        var version = Path.GetFileNameWithoutExtension(package)["signet.".Length..];

        var config = LocalFeedConfig(_work, packages);
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
}
