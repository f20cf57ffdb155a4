using System.IO.Compression;

namespace Signet.Packages.Tests.NuGet;

/// <summary>
/// <c>Signet.NuGet.Verify</c> in a real <c>dotnet build</c>: the genuine OpenTelemetry packages from NuGet pass; a policy
/// naming another signer and a tampered copy of OpenTelemetry in a local feed each fail the build with one error per
/// refused package, naming it and the reason. <c>signet nuget verify</c> reaches the same verdicts on the same files.
/// </summary>
[Collection("restore")]
public sealed class RestoreVerificationTests(RestoredOpenTelemetry restored) : IClassFixture<RestoredOpenTelemetry>
{
    [Fact]
    public void The_genuine_packages_pass_the_build_and_signet_nuget_verify()
    {
        Assert.True(restored.FirstBuild.Exit == 0, restored.FirstBuild.Output);
        Assert.DoesNotContain("SIGNET", restored.FirstBuild.Output);

        var (exit, output, error) = Cli.Run("nuget", "verify", restored.OpenTelemetryNupkg, "--require-all",
            "--certificate-identity-regexp", RestoredOpenTelemetry.IdentityRegexp, "--certificate-oidc-issuer", RestoredOpenTelemetry.Issuer,
            "--trusted-root", Fixtures.ProductionRoot);
        Assert.True(exit == Exit.Ok, error + output);
        Assert.Contains("OpenTelemetry.dll", output);

        // The same package under another identity: refused (exit 1).
        Assert.Equal(Exit.Refused, Cli.Run("nuget", "verify", restored.OpenTelemetryNupkg, "--certificate-identity", "https://github.com/someone/else/.github/workflows/release.yml@refs/heads/main",
            "--certificate-oidc-issuer", RestoredOpenTelemetry.Issuer, "--trusted-root", Fixtures.ProductionRoot).Exit);
    }

    [Fact]
    public void A_policy_naming_another_signer_fails_the_build_with_one_error_per_package()
    {
        var project = restored.NewProject("other-signer", File.ReadAllText(Path.Combine(restored.Project, "nuget.config")));
        RestoredOpenTelemetry.WritePolicy(project, @"^https://github\.com/someone/else/", requireAll: false);
        var (exit, output) = RestoredOpenTelemetry.Build(project, restored.Packages);
        Assert.NotEqual(0, exit);
        var errors = ErrorLines(output);
        Assert.Contains(errors, e => e.Contains("package OpenTelemetry 1.21.0 refused", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("package OpenTelemetry.Api 1.21.0 refused", StringComparison.Ordinal));
        Assert.True(errors.All(e => e.Contains("SIGNET1001", StringComparison.Ordinal) && e.Contains("someone/else", StringComparison.Ordinal)), string.Join('\n', errors));
    }

    [Fact]
    public void A_tampered_copy_in_a_local_feed_fails_the_build_naming_the_package()
    {
        // The feed: every package the first restore fetched, OpenTelemetry's DLLs altered (NuGet's signature dropped,
        // as anyone republishing a package would), and nothing else reachable.
        var feed = Directory.CreateDirectory(Path.Combine(restored.Work, "tampered-feed")).FullName;
        foreach (var nupkg in Directory.EnumerateFiles(restored.Packages, "*.nupkg", SearchOption.AllDirectories))
        {
            File.Copy(nupkg, Path.Combine(feed, Path.GetFileName(nupkg)));
        }

        var tampered = Path.Combine(feed, "opentelemetry.1.21.0.nupkg");
        Tamper(tampered);
        var project = restored.NewProject("tampered", $"""
            <configuration><packageSources><clear /><add key="tampered" value="{feed}" /></packageSources></configuration>
            """);
        RestoredOpenTelemetry.WritePolicy(project, RestoredOpenTelemetry.IdentityRegexp, requireAll: true);

        var (exit, output) = RestoredOpenTelemetry.Build(project, Path.Combine(restored.Work, "tampered-packages"));
        Assert.NotEqual(0, exit);
        var error = Assert.Single(ErrorLines(output));
        Assert.Contains("SIGNET1001", error);
        Assert.Contains("package OpenTelemetry 1.21.0 refused", error);
        Assert.Contains("OpenTelemetry.dll", error);

        var cli = Cli.Run("nuget", "verify", tampered, "--certificate-identity-regexp", RestoredOpenTelemetry.IdentityRegexp,
            "--certificate-oidc-issuer", RestoredOpenTelemetry.Issuer, "--trusted-root", Fixtures.ProductionRoot);
        Assert.Equal(Exit.Refused, cli.Exit);
    }

    [Fact]
    public void Without_a_policy_file_the_build_fails_rather_than_skipping_the_check()
    {
        var project = restored.NewProject("no-policy", File.ReadAllText(Path.Combine(restored.Project, "nuget.config")));
        var (exit, output) = RestoredOpenTelemetry.Build(project, restored.Packages);
        Assert.NotEqual(0, exit);
        Assert.Contains("SIGNET1000", Assert.Single(ErrorLines(output)));
    }

    /// <summary>Distinct MSBuild error lines (MSBuild repeats errors in its summary).</summary>
    private static List<string> ErrorLines(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();

    private static void Tamper(string nupkg)
    {
        using var zip = ZipFile.Open(nupkg, ZipArchiveMode.Update);
        zip.GetEntry(".signature.p7s")?.Delete();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith("/OpenTelemetry.dll", StringComparison.Ordinal)).ToList())
        {
            byte[] bytes;
            using (var s = entry.Open())
            using (var m = new MemoryStream())
            {
                s.CopyTo(m);
                bytes = m.ToArray();
            }

            bytes[bytes.Length / 2] ^= 0x01;
            var name = entry.FullName;
            entry.Delete();
            using var w = zip.CreateEntry(name).Open();
            w.Write(bytes);
        }
    }
}
