using System.Text.Json.Nodes;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.InToto;
using Signet.Core.Verification;
using Signet.Packages.PyPI;

namespace Signet.Packages.Tests.PyPI;

/// <summary>
/// pypi-attestations' verdicts (TestData/pep740/SOURCE.md, rows 1–14), through <c>signet pypi verify</c> and the library:
/// attestations and provenance objects verified offline against the staging or production trusted root.
/// </summary>
public sealed class Pep740FixtureTests : IDisposable
{
    private const string Wheel = "rfc8785-0.1.2-py3-none-any.whl";
    private const string Sdist = "pypi_attestations-0.0.19.tar.gz";
    private const string Models = "pypi_attestation_models-0.0.4a2.tar.gz";
    private readonly string _work = Directory.CreateTempSubdirectory("signet-pep740-").FullName;

    private static string P(string name) => Fixtures.Dir("pep740", name);

    private static string[] Identity(string san, string issuer) => ["--certificate-identity", san, "--certificate-oidc-issuer", issuer];

    [Fact]
    public void Row1_the_staging_wheel_attestation_verifies_for_its_signer()
    {
        var (exit, output, error) = Cli.Run(["pypi", "verify", P(Wheel), "--attestation", P(Wheel + ".attestation"), "--trusted-root", Fixtures.StagingRoot, .. Identity("william@yossarian.net", "https://github.com/login/oauth")]);
        Assert.True(exit == Exit.Ok, error);
        Assert.Contains($"OK: {Wheel}", output);
        Assert.Contains(Pep740Verifier.PublishV1, output);
    }

    [Fact]
    public void Row2_a_distribution_with_other_content_is_refused()
    {
        var tampered = Path.Combine(_work, Wheel);
        File.WriteAllBytes(tampered, "nothing"u8.ToArray());
        var (exit, _, error) = Cli.Run(["pypi", "verify", tampered, "--attestation", P(Wheel + ".attestation"), "--trusted-root", Fixtures.StagingRoot, .. Identity("william@yossarian.net", "https://github.com/login/oauth")]);
        Assert.Equal(Exit.Refused, exit);
        Assert.Contains("digest", error);
    }

    [Fact]
    public void Row3_the_same_bytes_under_another_name_are_refused()
    {
        var renamed = Path.Combine(_work, "wrong_name-0.1.2-py3-none-any.whl");
        File.Copy(P(Wheel), renamed);
        var (exit, _, error) = Cli.Run(["pypi", "verify", renamed, "--attestation", P(Wheel + ".attestation"), "--trusted-root", Fixtures.StagingRoot, .. Identity("william@yossarian.net", "https://github.com/login/oauth")]);
        Assert.Equal(Exit.Refused, exit);
        Assert.Contains("subject does not match distribution name", error);
    }

    [Fact]
    public void Row4_another_identity_is_refused()
    {
        var (exit, _, error) = Cli.Run(["pypi", "verify", P(Wheel), "--attestation", P(Wheel + ".attestation"), "--trusted-root", Fixtures.StagingRoot, .. Identity("fake@example.com", "https://github.com/login/oauth")]);
        Assert.Equal(Exit.Refused, exit);
        Assert.Contains("fake@example.com", error);
    }

    [Fact]
    public void Row5_a_bundle_without_signatures_does_not_convert()
    {
        var json = JsonNode.Parse(Fixtures.Bytes("pep740", Wheel + ".sigstore"))!;
        json["dsseEnvelope"]!["signatures"] = new JsonArray();
        var bundle = Bundle.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        var e = Assert.Throws<SignetFormatException>(() => Pep740Attestation.FromBundle(bundle));
        Assert.Contains("expected exactly one signature, got 0", e.Message);
    }

    [Theory]
    [InlineData("certificate", "invalid X.509 certificate")]
    [InlineData("transparency_entries", "transparency log entry")]
    public void Row6_a_broken_certificate_or_entry_does_not_convert(string member, string message)
    {
        var json = JsonNode.Parse(Fixtures.Bytes("pep740", Wheel + ".attestation"))!;
        var material = json["verification_material"]!;
        if (member == "certificate")
        {
            material["certificate"] = Convert.ToBase64String("foo"u8);
        }
        else
        {
            material["transparency_entries"]![0] = new JsonObject();
        }

        var e = Assert.Throws<SignetFormatException>(() => Pep740Attestation.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Row7_the_github_attested_sdist_verifies_by_source_repository_and_issuer()
    {
        var attestation = Pep740Attestation.FromBundle(Bundle.Parse(Fixtures.Bytes("pep740", Models + ".sigstore")));
        var result = new Pep740Verifier(Fixtures.ProductionVerifier()).Verify(
            attestation, Models, Artifact.FromBytes(Fixtures.Bytes("pep740", Models)), VerificationPolicy.WithoutIdentityUnsafe(),
            SourceRepositoryRule.Parse("github.com/trailofbits/pypi-attestation-models"));
        Assert.Equal(Pep740Verifier.PublishV1, result.PredicateType);
        using var statement = System.Text.Json.JsonDocument.Parse(result.Result.Statement!.Payload);
        Assert.Equal("{}", statement.RootElement.GetProperty("predicate").GetRawText());
    }

    [Theory]
    [InlineData("release.yml", true)]
    [InlineData("wrong.yml", false)]
    public void Row8_9_the_github_publisher_policy_checks_the_workflow(string workflow, bool verifies)
    {
        var attestation = Pep740Attestation.FromBundle(Bundle.Parse(Fixtures.Bytes("pep740", Models + ".sigstore")));
        var publisher = new GitHubPublisher("trailofbits/pypi-attestation-models", workflow, null);
        var verify = () => new Pep740Verifier(Fixtures.ProductionVerifier()).Verify(
            attestation, Models, Artifact.FromBytes(Fixtures.Bytes("pep740", Models)), VerificationPolicy.WithoutIdentityUnsafe(), publisher);
        if (verifies)
        {
            verify();
        }
        else
        {
            var e = Assert.Throws<VerificationException>(verify);
            Assert.Matches("Build Config URI .+ does not match", e.Message);
        }
    }

    [Fact]
    public void Row10_the_bundle_converts_into_the_known_attestation()
    {
        var converted = System.Text.Json.JsonDocument.Parse(Pep740Attestation.FromBundle(Bundle.Parse(Fixtures.Bytes("pep740", Models + ".sigstore"))).ToJson()).RootElement;
        var expected = System.Text.Json.JsonDocument.Parse(Fixtures.Bytes("pep740", Models + ".attestation")).RootElement;
        Assert.Equal(expected.GetProperty("version").GetInt32(), converted.GetProperty("version").GetInt32());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.GetProperty("envelope").GetRawText()), JsonNode.Parse(converted.GetProperty("envelope").GetRawText())));
        var expectedMaterial = expected.GetProperty("verification_material");
        var convertedMaterial = converted.GetProperty("verification_material");
        Assert.Equal(expectedMaterial.GetProperty("certificate").GetString(), convertedMaterial.GetProperty("certificate").GetString());

        // The entries are the same protobuf message (64-bit integers may be numbers or strings in the JSON mapping).
        var a = TransparencyLogEntry.Parse(System.Text.Encoding.UTF8.GetBytes(expectedMaterial.GetProperty("transparency_entries")[0].GetRawText()));
        var b = TransparencyLogEntry.Parse(System.Text.Encoding.UTF8.GetBytes(convertedMaterial.GetProperty("transparency_entries")[0].GetRawText()));
        Assert.Equal(a.ToJson(), b.ToJson());
    }

    [Fact]
    public void Row11_both_sdist_attestations_verify_for_the_release_workflow()
    {
        var (exit, output, error) = Cli.Run(["pypi", "verify", P(Sdist), "--attestation", P(Sdist + ".publish.attestation"), "--attestation", P(Sdist + ".slsa.attestation"),
            "--trusted-root", Fixtures.ProductionRoot, .. Identity("https://github.com/trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/v0.0.19", "https://token.actions.githubusercontent.com")]);
        Assert.True(exit == Exit.Ok, error);
        Assert.Contains(Pep740Verifier.PublishV1, output);
        Assert.Contains(SlsaPredicateTypes.V1, output);
    }

    [Fact]
    public void Row12_under_the_staging_root_the_production_attestations_are_refused()
    {
        var (exit, _, error) = Cli.Run(["pypi", "verify", P(Sdist), "--attestation", P(Sdist + ".publish.attestation"), "--attestation", P(Sdist + ".slsa.attestation"),
            "--trusted-root", Fixtures.StagingRoot, .. Identity("https://github.com/trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/v0.0.19", "https://token.actions.githubusercontent.com")]);
        Assert.Equal(Exit.Refused, exit);
        Assert.Contains("verification failed", error);
    }

    [Fact]
    public void Row13_the_provenance_verifies_for_its_repository_and_no_other()
    {
        var (exit, output, error) = Cli.Run("pypi", "verify", P(Sdist), "--provenance", P(Sdist + ".provenance"), "--repository", "https://github.com/trailofbits/pypi-attestations", "--trusted-root", Fixtures.ProductionRoot);
        Assert.True(exit == Exit.Ok, error);
        Assert.Contains($"OK: {Sdist}", output);

        var other = Cli.Run("pypi", "verify", P(Sdist), "--provenance", P(Sdist + ".provenance"), "--repository", "github.com/trailofbits/other", "--trusted-root", Fixtures.ProductionRoot);
        Assert.Equal(Exit.Refused, other.Exit);
        Assert.Contains("trailofbits/pypi-attestations", other.Err);

        var gitlab = Cli.Run("pypi", "verify", P(Sdist), "--provenance", P(Sdist + ".provenance"), "--repository", "gitlab.com/trailofbits/pypi-attestations", "--trusted-root", Fixtures.ProductionRoot);
        Assert.Equal(Exit.Refused, gitlab.Exit);
    }

    [Fact]
    public void Row14_the_certificate_claims_are_the_fulcio_extensions()
    {
        var attestation = Pep740Attestation.Parse(Fixtures.Bytes("pep740", Sdist + ".publish.attestation"));
        using var cert = Signet.Core.Certificates.CertificateDecoder.Load(attestation.Certificate, "certificate");
        var claims = Signet.Core.Certificates.FulcioCertificate.From(cert);
        Assert.Equal("https://github.com/trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/v0.0.19", claims.Get("1.3.6.1.4.1.57264.1.9"));
        Assert.Equal("refs/tags/v0.0.19", claims.Get("1.3.6.1.4.1.57264.1.14"));
        Assert.Equal("public", claims.Get("1.3.6.1.4.1.57264.1.22"));
        Assert.Equal("https://token.actions.githubusercontent.com", claims.Get("1.3.6.1.4.1.57264.1.8"));
    }

    [Theory]
    [InlineData("rfc8785-0.1.2-py3-none-any.whl", "rfc8785-0.1.2-py3-none-any.whl")]
    [InlineData("Foo.Bar-1.0-py3-none-any.whl", "foo_bar-1.0-py3-none-any.whl")]
    [InlineData("foo-1.0-py2.py3-none-any.whl", "foo-1.0-py2.py3-none-any.whl")]
    [InlineData("foo-1.0-py3.py2-none-any.whl", "foo-1.0-py2.py3-none-any.whl")]
    [InlineData("foo-1.0.0-1-py3-none-any.whl", "foo-1.0.0-1-py3-none-any.whl")]
    [InlineData("pypi-attestation-models-0.0.4a2.tar.gz", "pypi_attestation_models-0.0.4a2.tar.gz")]
    [InlineData("foo-1.0.0.alpha.1.tar.gz", "foo-1.0.0a1.tar.gz")]
    [InlineData("foo-v1.0.post2.tar.gz", "foo-1.0.post2.tar.gz")]
    [InlineData("foo-01.02.zip", "foo-1.2.zip")]
    public void Distribution_names_compare_normalized(string name, string normal) => Assert.Equal(normal, DistributionName.Normalize(name));

    [Theory]
    [InlineData("foo.exe")]
    [InlineData("foo-1.0-py3-none.whl")]
    [InlineData("-1.0.tar.gz")]
    [InlineData("foo-not.a.version.tar.gz")]
    public void Malformed_distribution_names_are_invalid_input(string name) => Assert.Throws<SignetFormatException>(() => DistributionName.Normalize(name));

    [Fact]
    public void Bad_invocations_and_inputs_are_one_line_each()
    {
        Assert.Equal(Exit.Usage, Cli.Run("pypi", "verify", P(Wheel), "--attestation", P(Wheel + ".attestation"), "--trusted-root", Fixtures.StagingRoot).Exit);
        var notJson = Path.Combine(_work, "x.attestation");
        File.WriteAllText(notJson, "{");
        var (exit, _, error) = Cli.Run(["pypi", "verify", P(Wheel), "--attestation", notJson, "--trusted-root", Fixtures.StagingRoot, .. Identity("a", "b")]);
        Assert.Equal(Exit.InvalidInput, exit);
        Assert.Single(error.Trim().Split('\n'));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
