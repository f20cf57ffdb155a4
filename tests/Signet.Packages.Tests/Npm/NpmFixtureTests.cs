using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.InToto;
using Signet.Core.Verification;
using Signet.Packages.Npm;

namespace Signet.Packages.Tests.Npm;

/// <summary>
/// slsa-verifier's npm verdicts (TestData/npm-provenance/SOURCE.md): the 32 CLI cases through <c>signet npm verify</c>, and
/// the 21 unit cases through <see cref="NpmProvenanceVerifier"/> — every document whose expected result is a failure is
/// rejected by the whole verification.
/// </summary>
public sealed class NpmFixtureTests
{
    private const string Hosted = "https://github.com/actions/runner/github-hosted";
    private const string Runner = "https://github.com/actions/runner";
    private const string Ossf = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml";
    private const string Supreme = "supreme-googles-cli-v02-tag";
    private const string Gundam = "gundam-visor-cli-v1-tag";
    private const string OssfPkg = "provenance-npm-test-ossf";
    private const string SupremeRepo = "github.com/trishankatdatadog/supreme-goggles";
    private const string GundamRepo = "github.com/ramonpetgrave64/gundam-visor";
    private const string OssfRepo = "github.com/laurentsimon/provenance-npm-test";

    public static TheoryData<int, string, string, string?, string?, string?, int> CliCases => new()
    {
        { 1, Supreme, SupremeRepo, Hosted, "@trishankatdatadog/supreme-goggles", "1.0.5", Exit.Ok },
        { 2, Gundam, GundamRepo, Hosted, "gundam-visor", "1.0.1", Exit.Ok },
        { 3, Supreme, SupremeRepo, Runner, "@trishankatdatadog/supreme-goggles", "1.0.5", Exit.Ok },
        { 4, Gundam, GundamRepo, Runner, "gundam-visor", "1.0.1", Exit.Refused },
        { 5, Supreme, SupremeRepo, null, "@trishankatdatadog/supreme-goggles", "1.0.5", Exit.Usage },
        { 6, Gundam, GundamRepo, null, "gundam-visor", "1.0.5", Exit.Usage },
        { 7, Supreme, SupremeRepo, "https://github.com/actions/runner2", "@trishankatdatadog/supreme-goggles", "1.0.5", Exit.Refused },
        { 8, Gundam, GundamRepo, Hosted + "2", "gundam-visor", "1.0.1", Exit.Refused },
        { 9, Supreme, SupremeRepo, Hosted, null, "1.0.5", Exit.Ok },
        { 10, Gundam, GundamRepo, Hosted, null, "1.0.1", Exit.Ok },
        { 11, Supreme, SupremeRepo, Hosted, "@trishankatdatadog/supreme-goggles", null, Exit.Ok },
        { 12, Gundam, GundamRepo, Hosted, "gundam-visor", null, Exit.Ok },
        { 13, Supreme, SupremeRepo + "S", Hosted, "@trishankatdatadog/supreme-goggles", "1.0.5", Exit.Refused },
        { 14, Gundam, GundamRepo + "S", Hosted, "gundam-visor", "1.0.1", Exit.Refused },
        { 15, Supreme, SupremeRepo, Hosted, null, "1.0.4", Exit.Refused },
        { 16, Gundam, GundamRepo, Hosted, "gundam-visor", "1.0.2", Exit.Refused },
        { 17, Supreme, SupremeRepo, Hosted, "@trishankatdatadog/supreme-goggleS", null, Exit.Refused },
        { 18, Gundam, GundamRepo, Hosted, "gundam-visorS", "1.0.1", Exit.Refused },
        { 19, Supreme + "-invalidsigprov", SupremeRepo, Hosted, "@trishankatdatadog/supreme-goggles", null, Exit.Refused },
        { 20, Gundam + "-invalidsigprov", GundamRepo, Hosted, "gundam-visor", "1.0.1", Exit.Refused },
        { 21, Supreme + "-invalidsigpub", SupremeRepo, Hosted, "@trishankatdatadog/supreme-goggles", null, Exit.Refused },
        { 22, Gundam + "-invalidsigpub", GundamRepo, Hosted, "gundam-visor", "1.0.1", Exit.Refused },
        { 23, OssfPkg, OssfRepo, Ossf, "@laurentsimon/provenance-npm-test", "1.0.5", Exit.Ok },
        { 24, OssfPkg, OssfRepo, null, "@laurentsimon/provenance-npm-test", "1.0.5", Exit.Usage },
        { 25, OssfPkg, OssfRepo, "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa.yml", "@laurentsimon/provenance-npm-test", "1.0.5", Exit.Refused },
        { 26, OssfPkg, OssfRepo, Ossf, null, "1.0.5", Exit.Ok },
        { 27, OssfPkg, OssfRepo, Ossf, "@laurentsimon/provenance-npm-test", null, Exit.Ok },
        { 28, OssfPkg, OssfRepo, Ossf, "@laurentsimon/provenance-npm-test2", "1.0.5", Exit.Refused },
        { 29, OssfPkg, OssfRepo, Ossf, "@laurentsimon/provenance-npm-test", "1.0.6", Exit.Refused },
        { 30, OssfPkg, OssfRepo + "2", Ossf, "@laurentsimon/provenance-npm-test", "1.0.5", Exit.Refused },
        { 31, OssfPkg + "-invalidsigprov", OssfRepo, Ossf, "@laurentsimon/provenance-npm-test", "1.0.5", Exit.Refused },
        { 32, OssfPkg + "-invalidsigpub", OssfRepo, Ossf, "@laurentsimon/provenance-npm-test", "1.0.5", Exit.Refused },
    };

    [Theory]
    [MemberData(nameof(CliCases))]
    public void Cli_case_has_the_verdict_slsa_verifier_asserts(int row, string package, string source, string? builder, string? name, string? version, int expected)
    {
        var tgz = Fixtures.Dir("npm-provenance", "cli", package + ".tgz");
        string[] args = ["npm", "verify", tgz, "--attestations", tgz + ".json", "--registry-keys", Fixtures.Dir("npm-provenance", "npm-registry-keys.json"),
            "--trusted-root", Fixtures.ProductionRoot, "--source-uri", source];
        args = [.. args, .. builder is null ? [] : new[] { "--builder-id", builder }, .. name is null ? [] : new[] { "--package-name", name }, .. version is null ? [] : new[] { "--package-version", version }];
        var (exit, _, error) = Cli.Run(args);
        Assert.True(exit == expected, $"row {row}: exit {exit}, expected {expected}: {error}");
        if (expected != Exit.Ok)
        {
            Assert.Single(error.Trim().Split('\n'));
        }
    }

    [Fact]
    public void Without_source_and_builder_it_checks_what_npm_audit_signatures_checks()
    {
        var tgz = Fixtures.Dir("npm-provenance", "cli", Gundam + ".tgz");
        var (exit, output, error) = Cli.Run("npm", "verify", tgz, "--attestations", tgz + ".json", "--registry-keys", Fixtures.Dir("npm-provenance", "npm-registry-keys.json"), "--trusted-root", Fixtures.ProductionRoot);
        Assert.True(exit == Exit.Ok, error);
        Assert.Contains("gundam-visor@1.0.1", output);
        Assert.Contains("https://github.com/ramonpetgrave64/gundam-visor", output);

        // The tarball of another package is not what the attestations speak of.
        var other = Fixtures.Dir("npm-provenance", "cli", Supreme + ".tgz");
        Assert.Equal(Exit.Refused, Cli.Run("npm", "verify", other, "--attestations", tgz + ".json", "--registry-keys", Fixtures.Dir("npm-provenance", "npm-registry-keys.json"), "--trusted-root", Fixtures.ProductionRoot).Exit);
    }

    // Unit documents: @laurentsimon/provenance-npm-test@1.0.0 with this tarball sha512.
    private const string UnitSha512 = "29d19f26233f4441328412b34fd73ed104ecfef62f14097890cccf7455b521b65c5acff851849faa85c85395aa22d401436f01f3afb61b19c780e906c88c7f20";
    private const string UnitName = "@laurentsimon/provenance-npm-test";

    private static NpmVerification VerifyUnit(string file, string? name = UnitName, string? version = "1.0.0", string sha512 = UnitSha512)
    {
        var verifier = new NpmProvenanceVerifier(Fixtures.ProductionVerifier(), NpmRegistryKeys.Parse(Fixtures.Bytes("npm-provenance", "npm-registry-keys.json")));
        var document = NpmAttestations.Parse(Fixtures.Bytes("npm-provenance", "unit", file));
        return verifier.Verify(document, Artifact.FromDigest(HashAlgorithmName.SHA512, Convert.FromHexString(sha512)), new NpmPolicy { PackageName = name, PackageVersion = version });
    }

    [Fact]
    public void Unit_rows_1_to_5_9_13_the_correct_document_verifies()
    {
        var r = VerifyUnit("npm-attestations.intoto.sigstore");
        Assert.Equal((UnitName, "1.0.0"), (r.Name, r.Version));
        Assert.Equal(SlsaPredicateTypes.V02, r.ProvenancePredicateType);
        Assert.Equal("SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA", r.Publish.PublicKeyHint);
    }

    [Theory]
    [InlineData("wrong name", "1.0.0")]
    [InlineData("laurentsimon/provenance-npm-test", "1.0.0")]
    [InlineData("@laurentsimon/provenance-npm-test@1.0.0", "1.0.0")]
    [InlineData(UnitName, "1.0.1")]
    [InlineData(UnitName, "1.1.0")]
    [InlineData(UnitName, "2.0.0")]
    public void Unit_rows_6_to_12_other_names_and_versions_are_refused(string name, string version)
    {
        var e = Assert.Throws<VerificationException>(() => VerifyUnit("npm-attestations.intoto.sigstore", name, version));
        Assert.Contains(name == UnitName ? "package version does not match" : "package name does not match", e.Message);
    }

    [Fact]
    public void Unit_row_14_another_tarball_hash_is_refused()
    {
        var e = Assert.Throws<VerificationException>(() => VerifyUnit("npm-attestations.intoto.sigstore", sha512: "3" + UnitSha512[1..]));
        Assert.Equal(VerificationErrorCode.ArtifactMismatch, e.Code);
    }

    [Theory]
    [InlineData("npm-att-prov-invalid-signature.intoto.sigstore")]
    [InlineData("npm-att-publish-invalid-signature.intoto.sigstore")]
    [InlineData("npm-att-mismatch-prov-payloadtype.intoto.sigstore")]
    [InlineData("npm-stmt-mismatch-prov-predicatetype.intoto.sigstore")]
    [InlineData("npm-stmt-mismatch-prov-type.intoto.sigstore")]
    [InlineData("npm-att-publish-nosubjects.intoto.sigstore")]
    public void Unit_rows_15_to_21_altered_documents_are_refused(string file)
    {
        var e = Record.Exception(() => VerifyUnit(file));
        Assert.True(e is VerificationException or SignetFormatException, $"{file}: {e?.GetType().Name ?? "verified"}");
    }

    [Fact]
    public void Unit_row_18_a_document_without_its_provenance_predicate_type_is_invalid()
    {
        var e = Assert.Throws<SignetFormatException>(() => NpmAttestations.Parse(Fixtures.Bytes("npm-provenance", "unit", "npm-att-mismatch-prov-predicatetype.intoto.sigstore")));
        Assert.Contains("no SLSA provenance", e.Message);
    }

    [Fact]
    public void A_key_the_registry_does_not_list_for_attestations_is_refused()
    {
        var keys = NpmRegistryKeys.Parse("""{"keys":[]}"""u8);
        var verifier = new NpmProvenanceVerifier(Fixtures.ProductionVerifier(), keys);
        var document = NpmAttestations.Parse(Fixtures.Bytes("npm-provenance", "unit", "npm-attestations.intoto.sigstore"));
        var e = Assert.Throws<VerificationException>(() => verifier.Verify(document, Artifact.FromDigest(HashAlgorithmName.SHA512, Convert.FromHexString(UnitSha512)), new NpmPolicy()));
        Assert.Equal(VerificationErrorCode.KeyMismatch, e.Code);
    }

    [Fact]
    public void The_registry_keys_endpoint_form_reads_too()
    {
        var keys = NpmRegistryKeys.Parse("""{"keys":[{"expires":null,"keyid":"SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA","keytype":"ecdsa-sha2-nistp256","scheme":"ecdsa-sha2-nistp256","key":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1Olb3zMAFFxXKHiIkQO5cJ3Yhl5i6UPp+IhuteBJbuHcA5UogKo0EWtlWwW6KSaKoTNEYL7JlCQiVnkhBktUgg=="}]}"""u8);
        Assert.NotNull(keys.Find("SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA", NpmRegistryKey.AttestationsUsage));
        Assert.Throws<SignetFormatException>(() => NpmRegistryKeys.Parse("""{"keys":[{"keyid":"x","key":"not base64!"}]}"""u8));
    }
}
