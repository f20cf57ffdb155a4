using Signet.Analysis.Packages;
using Signet.Analysis.Provenance;
using Signet.Analysis.Registry;
using Signet.Analysis.Tests.Samples;
using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Analysis.Tests.Provenance;

/// <summary>
/// npm and PyPI provenance sources over the registries' real documents: slsa-verifier's npm tarballs with the attestations
/// documents and keys the npm registry served for them, and pypi-attestations' sdist with the provenance PyPI's integrity
/// API served, verified under the production trusted root — as verified, tampered, repository-mismatched and lost.
/// </summary>
public sealed class RegistryProvenanceTests : IDisposable
{
    private const string Ossf = "@laurentsimon/provenance-npm-test";
    private const string OssfRepository = "https://github.com/laurentsimon/provenance-npm-test";
    private const string Sdist = "pypi_attestations-0.0.19.tar.gz";

    private static readonly TrustedMaterial Production = TrustedMaterial.Parse(File.ReadAllBytes(Data("production_trusted_root.json")));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly FixtureRegistry _registry = new(new Dictionary<string, byte[]>
    {
        ["/-/npm/v1/keys"] = File.ReadAllBytes(Data("npm-provenance", "npm-registry-keys.json")),
        [$"/-/npm/v1/attestations/{Ossf.Replace("/", "%2f", StringComparison.Ordinal)}@1.0.5"] = File.ReadAllBytes(Data("npm-provenance", "cli", "provenance-npm-test-ossf.tgz.json")),
        ["/-/npm/v1/attestations/gundam-visor@1.0.1"] = File.ReadAllBytes(Data("npm-provenance", "cli", "gundam-visor-cli-v1-tag-invalidsigprov.tgz.json")),
        [$"/integrity/pypi-attestations/0.0.19/{Sdist}/provenance"] = File.ReadAllBytes(Data("pep740", Sdist + ".provenance")),
    });

    private NpmRegistryProvenance Npm => new(_http, () => _registry.Url, Production);

    private PypiIntegrityProvenance Pypi => new(_http, _registry.Url, Production);

    [Fact]
    public async Task Npm_attestations_verify_and_name_the_repository_and_builder()
    {
        var package = Read("npm-provenance", "cli", "provenance-npm-test-ossf.tgz");
        var summary = await Npm.VerifyAsync(package, CancellationToken.None);
        Assert.True(summary.Status == ProvenanceStatus.Verified, summary.Detail);
        Assert.Equal(OssfRepository, RepositoryUrl.Normalize(summary.SourceRepository!));
        Assert.NotNull(summary.Builder);
        Assert.Empty(ProvenanceRules.Evaluate(package, summary, null));

        // Metadata that names another repository than the provenance is a finding.
        var claimed = package with { Repository = "https://github.com/someone-else/provenance-npm-test" };
        var f = Assert.Single(ProvenanceRules.Evaluate(claimed, await Npm.VerifyAsync(claimed, CancellationToken.None), null));
        Assert.Equal((Rules.ProvenanceRepositoryMismatch, Severity.High), (f.Rule, f.Severity));
    }

    [Fact]
    public async Task Npm_attestations_that_do_not_verify_are_invalid_and_a_finding()
    {
        // The registry's document for gundam-visor@1.0.1 with the provenance signature broken (slsa-verifier's invalidsigprov).
        var package = Read("npm-provenance", "cli", "gundam-visor-cli-v1-tag.tgz");
        var summary = await Npm.VerifyAsync(package, CancellationToken.None);
        Assert.Equal(ProvenanceStatus.Invalid, summary.Status);
        Assert.Equal(Rules.ProvenanceInvalid, Assert.Single(ProvenanceRules.Evaluate(package, summary, null)).Rule);

        // Another tarball under the genuine document: the subject's sha512 does not match.
        var ossf = Read("npm-provenance", "cli", "provenance-npm-test-ossf.tgz");
        var other = ossf with { Archive = SamplePackage.Npm(Ossf, "1.0.5").Build() };
        Assert.Equal(ProvenanceStatus.Invalid, (await Npm.VerifyAsync(other, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_version_without_the_npm_provenance_its_predecessor_had_has_lost_it()
    {
        var previous = Read("npm-provenance", "cli", "provenance-npm-test-ossf.tgz");
        var current = SamplePackage.Npm(Ossf, "1.0.6", repository: OssfRepository).Read();
        var report = await new PackageAnalyzer(new ProvenanceSources(Npm, Pypi), null).AnalyzeAsync(current, null, previous, dynamic: false, CancellationToken.None);
        Assert.Equal(ProvenanceStatus.None, report.Provenance.Status);
        var lost = Assert.Single(report.Findings, f => f.Rule == Rules.ProvenanceLost);
        Assert.Contains("provenance-npm-test", lost.Evidence);
        Assert.Contains($"/-/npm/v1/attestations/{Ossf.Replace("/", "%2f", StringComparison.Ordinal)}@1.0.6", _registry.Requests);
    }

    [Fact]
    public async Task Pypi_provenance_from_the_integrity_api_verifies_and_names_the_repository()
    {
        var package = Read("pep740", Sdist);
        Assert.Equal(Ecosystem.PyPI, package.Ecosystem);
        var summary = await Pypi.VerifyAsync(package, CancellationToken.None);
        Assert.True(summary.Status == ProvenanceStatus.Verified, summary.Detail);
        Assert.Equal("https://github.com/trailofbits/pypi-attestations", RepositoryUrl.Normalize(summary.SourceRepository!));

        // A distribution that is not the one attested: invalid. A version the index has no provenance for: none, and lost.
        var altered = package with { Archive = package.Archive.ToArray().Append((byte)0).ToArray() };
        Assert.Equal(ProvenanceStatus.Invalid, (await Pypi.VerifyAsync(altered, CancellationToken.None)).Status);
        var next = package with { Version = "0.0.20", FileName = "pypi_attestations-0.0.20.tar.gz" };
        var none = await Pypi.VerifyAsync(next, CancellationToken.None);
        Assert.Equal(ProvenanceStatus.None, none.Status);
        Assert.Equal(Rules.ProvenanceLost, Assert.Single(ProvenanceRules.Evaluate(next, none, summary)).Rule);
    }

    [Fact]
    public async Task An_unreachable_registry_is_an_error_never_no_provenance()
    {
        var port = _registry.Url.Port;
        _registry.Dispose();
        var package = Read("npm-provenance", "cli", "provenance-npm-test-ossf.tgz");
        var e = await Assert.ThrowsAsync<SignetFormatException>(() => new NpmRegistryProvenance(_http, () => new Uri($"http://127.0.0.1:{port}/"), Production).VerifyAsync(package, CancellationToken.None));
        Assert.Contains("unreachable", e.Message);
    }

    [Theory]
    [InlineData(Testing.Servers.HostileBody.Stall, "did not send its whole answer within 1 s")]
    [InlineData(Testing.Servers.HostileBody.Trickle, "did not send its whole answer within 1 s")]
    [InlineData(Testing.Servers.HostileBody.Flood, "larger than")]
    public async Task A_registry_that_misbehaves_in_its_answer_is_an_error_never_no_provenance(Testing.Servers.HostileBody body, string expected)
    {
        // Before, a registry that stalled after its headers held the analysis for ever.
        await using var registry = Testing.Servers.HostileHttpServer.Start(body);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(body == Testing.Servers.HostileBody.Flood ? 60 : 1) };
        var package = Read("npm-provenance", "cli", "provenance-npm-test-ossf.tgz");

        var e = await Assert.ThrowsAsync<SignetFormatException>(() =>
            new NpmRegistryProvenance(http, () => registry.BaseUrl, Production).VerifyAsync(package, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_previous_npm_version_is_found_on_the_real_registry()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var registry = new PackageRegistry(http, Path.GetTempPath());
        Assert.Equal("4.0.0", (await registry.PreviousAsync(PackageSpec.Parse("npm:sigstore@4.1.0"), CancellationToken.None))?.Version);
        Assert.Equal("3.1.0", (await registry.PreviousAsync(PackageSpec.Parse("npm:sigstore@4.0.0"), CancellationToken.None))?.Version);
    }

    [Theory]
    [InlineData("1.0.0", "0.9.9", "0.9.9,1.0.0-rc.1,1.0.0,1.1.0")]
    [InlineData("2.0.0", "1.10.0", "1.2.0,1.10.0,1.9.9,2.0.0-beta,2.0.0")]
    [InlineData("1.0.0-rc.2", "0.1.0", "0.1.0,1.0.0-rc.1,1.0.0-rc.2")]
    [InlineData("0.1.0", null, "0.1.0,0.2.0")]
    [InlineData("not-semver", null, "0.1.0")]
    public void The_previous_version_is_the_highest_release_below_by_semver_precedence(string current, string? expected, string versions) =>
        Assert.Equal(expected, SemanticVersion.Previous(versions.Split(','), current));

    private static PackageContents Read(params string[] path) => PackageReader.Read(path[^1], File.ReadAllBytes(Data(path)));

    private static string Data(params string[] path) => Path.Combine([AppContext.BaseDirectory, "TestData", .. path]);

    public void Dispose()
    {
        _registry.Dispose();
        _http.Dispose();
    }
}
