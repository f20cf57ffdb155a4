using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Signet.Analysis.Packages;
using Signet.Analysis.Provenance;
using Signet.Analysis.Registry;
using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Analysis.Tests.Provenance;

/// <summary>
/// Lost provenance on PyPI: the release before the analysed one is found in the index's JSON API (PEP 440 order, final
/// releases only, releases without files passed over) and its files' provenance asked of the integrity API and verified
/// against the digests the index lists — pypi-attestations 0.0.19's real provenance, served by a local index.
/// </summary>
public sealed class PypiPreviousReleaseTests : IDisposable
{
    private const string Sdist = "pypi_attestations-0.0.19.tar.gz";
    private const string Repository = "https://github.com/trailofbits/pypi-attestations";
    private static readonly TrustedMaterial Production = TrustedMaterial.Parse(File.ReadAllBytes(Data("production_trusted_root.json")));
    private static readonly byte[] Provenance = File.ReadAllBytes(Data("pep740", Sdist + ".provenance"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly PackageContents _released = Read(Sdist);
    private readonly FixtureRegistry _index;

    public PypiPreviousReleaseTests()
    {
        var genuine = Convert.ToHexStringLower(SHA256.HashData(_released.Archive.Span));
        _index = new FixtureRegistry(new Dictionary<string, byte[]>
        {
            ["/pypi/pypi-attestations/json"] = Project(
                ("0.0.17", [Listed("pypi_attestations-0.0.17.tar.gz", genuine)]),
                ("0.0.18", []),
                ("0.0.19", [Listed("pypi_attestations-0.0.19-py3-none-any.whl", genuine, "bdist_wheel"), Listed(Sdist, genuine)]),
                ("0.0.20rc1", [Listed("pypi_attestations-0.0.20rc1.tar.gz", genuine)]),
                ("0.0.21", [Listed("pypi_attestations-0.0.21.tar.gz", genuine)])),
            [$"/integrity/pypi-attestations/0.0.19/{Sdist}/provenance"] = Provenance,

            // A mirror whose index lists another digest for the same file: the provenance does not verify for it.
            ["/pypi/mirrored/json"] = Project(("0.0.19", [Listed(Sdist, new string('0', 64))])),
            [$"/integrity/mirrored/0.0.19/{Sdist}/provenance"] = Provenance,
            ["/pypi/broken/json"] = "{\"info\": {}}"u8.ToArray(),
        });
    }

    private PypiIntegrityProvenance Source => new(_http, _index.Url, Production);

    [Fact]
    public async Task A_release_without_the_provenance_the_release_before_had_has_lost_it()
    {
        // 0.0.20 has no provenance; the release before is 0.0.19 (0.0.20rc1 is a pre-release, 0.0.21 comes after).
        var current = Unreleased("0.0.20");
        var report = await new PackageAnalyzer(new ProvenanceSources(Source), null).AnalyzeAsync(current, null, previous: null, dynamic: false, CancellationToken.None);
        Assert.Equal(ProvenanceStatus.None, report.Provenance.Status);
        var lost = Assert.Single(report.Findings, f => f.Rule == Rules.ProvenanceLost);
        Assert.Equal(Severity.High, lost.Severity);
        Assert.Contains("pypi-attestations", lost.Evidence);

        // The sdist of 0.0.19 was asked about first (the kind of the file analysed), and that settled it.
        var asked = _index.Requests.Where(r => r.StartsWith("/integrity/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/integrity/pypi-attestations/0.0.20/pypi_attestations-0.0.20.tar.gz/provenance", $"/integrity/pypi-attestations/0.0.19/{Sdist}/provenance"], asked);
    }

    [Fact]
    public async Task The_previous_release_provenance_is_verified_and_names_its_repository()
    {
        var summary = await Source.PreviousAsync(Unreleased("0.0.20"), CancellationToken.None);
        Assert.True(summary is { Status: ProvenanceStatus.Verified }, summary?.Detail);
        Assert.Equal(Repository, RepositoryUrl.Normalize(summary!.SourceRepository!));

        // From 0.0.19.post1 the release before is still 0.0.19; from 0.0.19 itself it is 0.0.17 (0.0.18 has no files), which has none.
        Assert.Equal(ProvenanceStatus.Verified, (await Source.PreviousAsync(Unreleased("0.0.19.post1"), CancellationToken.None))?.Status);
        Assert.Equal(ProvenanceStatus.None, (await Source.PreviousAsync(_released, CancellationToken.None))?.Status);
        Assert.Contains("/integrity/pypi-attestations/0.0.17/pypi_attestations-0.0.17.tar.gz/provenance", _index.Requests);
        Assert.DoesNotContain(_index.Requests, r => r.Contains("/0.0.18/", StringComparison.Ordinal));

        // Nothing before the first release; a project the index does not know has no previous release.
        Assert.Null(await Source.PreviousAsync(Unreleased("0.0.1"), CancellationToken.None));
        Assert.Null(await Source.PreviousAsync(_released with { Name = "unknown-project" }, CancellationToken.None));
    }

    [Fact]
    public async Task Provenance_that_does_not_match_the_index_digest_is_invalid_not_lost()
    {
        var current = Unreleased("0.1.0") with { Name = "mirrored" };
        var previous = await Source.PreviousAsync(current, CancellationToken.None);
        Assert.Equal(ProvenanceStatus.Invalid, previous?.Status);
        Assert.Contains("digest", previous?.Detail);
        var report = await new PackageAnalyzer(Source, null).AnalyzeAsync(current, null, previous: null, dynamic: false, CancellationToken.None);
        Assert.DoesNotContain(report.Findings, f => f.Rule == Rules.ProvenanceLost);
    }

    [Fact]
    public async Task A_malformed_or_unreachable_index_is_an_error_never_no_previous_release()
    {
        var broken = await Assert.ThrowsAsync<SignetFormatException>(() => Source.PreviousAsync(_released with { Name = "broken" }, CancellationToken.None));
        Assert.Contains("releases", broken.Message);

        var url = _index.Url;
        _index.Dispose();
        var down = await Assert.ThrowsAsync<SignetFormatException>(() => new PypiIndex(_http, url).PreviousReleaseAsync("pypi-attestations", "0.0.20", CancellationToken.None));
        Assert.Contains("unreachable", down.Message);
    }

    [Theory]
    [InlineData("invalid UTF-8 in a digest", "{\"releases\":{\"1.0\":[{\"filename\":\"p-1.0.tar.gz\",\"packagetype\":\"sdist\",\"digests\":{\"sha256\":\"\xff\"}}]}}")]
    [InlineData("a lone surrogate in a version", "{\"releases\":{\"\\ud800\":[]}}")]
    [InlineData("a lone surrogate in a file name", "{\"releases\":{\"1.0\":[{\"filename\":\"\\udc00\",\"packagetype\":\"sdist\",\"digests\":{\"sha256\":\"00\"}}]}}")]
    [InlineData("a repeated version", "{\"releases\":{\"1.0\":[],\"1.0\":[]}}")]
    public async Task An_index_document_that_is_not_valid_unicode_json_is_a_format_error(string what, string document)
    {
        // Found by the pypi-index fuzz harness (fuzz/regressions/pypi-index): these were InvalidOperationExceptions.
        using var index = new FixtureRegistry(new Dictionary<string, byte[]> { ["/pypi/p/json"] = System.Text.Encoding.Latin1.GetBytes(document) });
        var e = await Assert.ThrowsAsync<SignetFormatException>(() => new PypiIndex(_http, index.Url).PreviousReleaseAsync("p", "2.0", CancellationToken.None));
        Assert.True(e.Message.Contains("/pypi/p/json", StringComparison.Ordinal), $"{what}: {e.Message}");
    }

    [Fact]
    public async Task A_package_with_its_own_provenance_does_not_look_for_the_release_before()
    {
        var index = new FixtureRegistry(new Dictionary<string, byte[]> { [$"/integrity/pypi-attestations/0.0.19/{Sdist}/provenance"] = Provenance });
        using (index)
        {
            var report = await new PackageAnalyzer(new PypiIntegrityProvenance(_http, index.Url, Production), null).AnalyzeAsync(_released, null, null, dynamic: false, CancellationToken.None);
            Assert.Equal(ProvenanceStatus.Verified, report.Provenance.Status);
            Assert.DoesNotContain(index.Requests, r => r.StartsWith("/pypi/", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Pypi_Attestations", "pypi-attestations")]
    [InlineData("zope.interface", "zope-interface")]
    [InlineData("a-_.b", "a-b")]
    public void Project_names_are_normalized_as_PEP_503_says(string name, string normalized) =>
        Assert.Equal(normalized, PypiIndex.NormalizeProject(name));

    /// <summary>The released sdist's contents under another version and file name (a release the index has no provenance for).</summary>
    private PackageContents Unreleased(string version) => _released with { Version = version, FileName = $"pypi_attestations-{version}.tar.gz" };

    private static JsonObject Listed(string name, string sha256, string type = "sdist") =>
        new() { ["filename"] = name, ["packagetype"] = type, ["digests"] = new JsonObject { ["sha256"] = sha256 }, ["yanked"] = false };

    private static byte[] Project(params (string Version, JsonObject[] Files)[] releases)
    {
        var all = new JsonObject();
        foreach (var (version, files) in releases)
        {
            all[version] = new JsonArray([.. files]);
        }

        return System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["info"] = new JsonObject { ["name"] = "pypi-attestations" }, ["releases"] = all }.ToJsonString());
    }

    private static PackageContents Read(string name) => PackageReader.Read(name, File.ReadAllBytes(Data("pep740", name)));

    private static string Data(params string[] path) => Path.Combine([AppContext.BaseDirectory, "TestData", .. path]);

    public void Dispose()
    {
        _index.Dispose();
        _http.Dispose();
    }
}
