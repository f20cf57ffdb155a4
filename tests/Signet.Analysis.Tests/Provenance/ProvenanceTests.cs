using Signet.Analysis.Packages;
using Signet.Analysis.Provenance;
using Signet.Analysis.Tests.Benign;
using Signet.Analysis.Tests.Samples;
using Signet.Core.Verification;

namespace Signet.Analysis.Tests.Provenance;

/// <summary>
/// Provenance against the real implementation that exists today: OpenTelemetry 1.21.0 from NuGet embeds a Sigstore bundle
/// beside each DLL, verified here with the production trusted root; the findings logic on that package as shipped and altered.
/// </summary>
public sealed class ProvenanceTests
{
    private const string OpenTelemetry = "nuget:OpenTelemetry@1.21.0";
    private const string Repository = "https://github.com/open-telemetry/opentelemetry-dotnet";

    private static readonly NuGetEmbeddedProvenance Source = new(TrustedMaterial.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "production_trusted_root.json"))));

    [Fact]
    public async Task OpenTelemetry_provenance_verifies_and_names_its_repository_and_builder()
    {
        var (_, package) = await RegistryCache.GetAsync(OpenTelemetry);
        var summary = Source.Verify(package);
        Assert.Equal(ProvenanceStatus.Verified, summary.Status);
        Assert.Equal(Repository, summary.SourceRepository);
        Assert.Contains($"{Repository}/.github/workflows/", summary.Builder);
        Assert.Equal(5, summary.Bundles);
        Assert.Empty(ProvenanceRules.Evaluate(package, summary, null));
    }

    [Fact]
    public async Task A_changed_dll_fails_verification()
    {
        var (_, package) = await RegistryCache.GetAsync(OpenTelemetry);
        var files = package.Files.Select(f => f.Path == "lib/net462/OpenTelemetry.dll" ? f with { Content = Flip(f.Content) } : f).ToList();
        var altered = package with { Files = files };
        var summary = Source.Verify(altered);
        Assert.Equal(ProvenanceStatus.Invalid, summary.Status);
        Assert.Contains("lib/net462/OpenTelemetry.dll.sigstore.json", summary.Detail);
        Assert.Equal(Rules.ProvenanceInvalid, Assert.Single(ProvenanceRules.Evaluate(altered, summary, null)).Rule);
    }

    [Fact]
    public async Task Metadata_naming_another_repository_is_a_mismatch()
    {
        var (_, package) = await RegistryCache.GetAsync(OpenTelemetry);
        var claimed = package with { Repository = "https://github.com/someone-else/opentelemetry-dotnet.git" };
        var f = Assert.Single(ProvenanceRules.Evaluate(claimed, Source.Verify(claimed), null));
        Assert.Equal((Rules.ProvenanceRepositoryMismatch, Severity.High), (f.Rule, f.Severity));
        Assert.Contains("someone-else", f.Evidence);
    }

    [Fact]
    public async Task A_version_without_the_provenance_its_predecessor_had_has_lost_it()
    {
        var (_, previous) = await RegistryCache.GetAsync(OpenTelemetry);
        var stripped = previous with { Version = "1.21.1", Files = previous.Files.Where(f => !f.Path.EndsWith(NuGetEmbeddedProvenance.BundleSuffix, StringComparison.Ordinal)).ToList() };
        var current = Source.Verify(stripped);
        Assert.Equal(ProvenanceStatus.None, current.Status);
        var f = Assert.Single(ProvenanceRules.Evaluate(stripped, current, Source.Verify(previous)));
        Assert.Equal(Rules.ProvenanceLost, f.Rule);
        Assert.Contains(Repository, f.Evidence);
    }

    [Fact]
    public void A_bundle_without_its_file_is_invalid()
    {
        var package = SamplePackage.NuGet().File("lib/net8.0/Sample.dll.sigstore.json", "{}").Read();
        var summary = Source.Verify(package);
        Assert.Equal(ProvenanceStatus.Invalid, summary.Status);
        Assert.Contains("not in the package", summary.Detail);
    }

    [Fact]
    public void A_malformed_bundle_is_invalid()
    {
        var package = SamplePackage.NuGet().File("lib/net8.0/Sample.dll", SamplePackage.Pe()).File("lib/net8.0/Sample.dll.sigstore.json", "{\"mediaType\": 1}").Read();
        Assert.Equal(ProvenanceStatus.Invalid, Source.Verify(package).Status);
    }

    [Fact]
    public void A_package_without_bundles_has_none_and_nothing_is_lost_without_a_verified_predecessor()
    {
        var package = SamplePackage.NuGet().Read();
        Assert.Equal(ProvenanceStatus.None, Source.Verify(package).Status);
        Assert.Empty(ProvenanceRules.Evaluate(package, ProvenanceSummary.None, ProvenanceSummary.None));
        Assert.Empty(ProvenanceRules.Evaluate(package, ProvenanceSummary.None, null));
        Assert.False(Source.Supports(Ecosystem.Npm));
    }

    /// <summary>
    /// A package signed with <c>signet nuget sign --key</c> carries bundles that name no source and cannot be checked
    /// without the key: no provenance, and no finding (it was provenance-invalid, high, and the verdict malicious). A
    /// keyless bundle beside one still counts as provenance.
    /// </summary>
    [Fact]
    public async Task Key_signed_bundles_are_not_provenance_and_not_invalid()
    {
        using var sigstore = new Signet.Testing.Sigstore.VirtualSigstore();
        using var key = Signet.Core.Keys.SigningKey.GenerateEcdsaP256();
        var first = SamplePackage.Pe();
        var second = SamplePackage.Pe().Concat("second"u8.ToArray()).ToArray();
        var keySigned = await sigstore.IssueAsync(new Signet.Testing.Sigstore.BundleRequest { Artifact = first, Key = key });
        var keyless = await sigstore.IssueAsync(new Signet.Testing.Sigstore.BundleRequest { Artifact = second });
        var source = new NuGetEmbeddedProvenance(sigstore.TrustedMaterial);

        var withKey = SamplePackage.NuGet().File("lib/net8.0/Sample.dll", first).File("lib/net8.0/Sample.dll.sigstore.json", keySigned.ToJson()).Read();
        var none = source.Verify(withKey);
        Assert.Equal(ProvenanceStatus.None, none.Status);
        Assert.Empty(ProvenanceRules.Evaluate(withKey, none, null));

        var both = SamplePackage.NuGet().File("lib/net8.0/Sample.dll", first).File("lib/net8.0/Sample.dll.sigstore.json", keySigned.ToJson())
            .File("lib/net8.0/Second.dll", second).File("lib/net8.0/Second.dll.sigstore.json", keyless.ToJson()).Read();
        var verified = source.Verify(both);
        Assert.Equal(ProvenanceStatus.Verified, verified.Status);
        Assert.Equal(Signet.Testing.Sigstore.BundleRequest.DefaultIdentity, verified.SourceRepository);
    }

    [Theory]
    [InlineData("git+https://github.com/Owner/Repo.git", "https://github.com/owner/repo")]
    [InlineData("git@github.com:owner/repo.git", "https://github.com/owner/repo")]
    [InlineData("github:owner/repo", "https://github.com/owner/repo")]
    [InlineData("owner/repo", "https://github.com/owner/repo")]
    [InlineData("git://github.com/owner/repo/", "https://github.com/owner/repo")]
    [InlineData("https://github.com/owner/repo#readme", "https://github.com/owner/repo")]
    public void Repository_urls_are_compared_in_one_form(string url, string normal)
        => Assert.Equal(normal, RepositoryUrl.Normalize(url));

    private static ReadOnlyMemory<byte> Flip(ReadOnlyMemory<byte> content)
    {
        var copy = content.ToArray();
        copy[copy.Length / 2] ^= 0x01;
        return copy;
    }
}
