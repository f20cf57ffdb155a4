using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Ct;
using Signet.Core.Timestamps;

namespace Signet.Conformance.Tests;

/// <summary>Fulcio extensions, SANs, SCT lists and the precertificate TBS, on real Sigstore certificates.</summary>
public sealed class CertificateTests
{
    private static byte[] Leaf(string name)
        => Bundle.Parse(File.ReadAllBytes(Path.Combine(ConformanceCases.Dir(name), "bundle.sigstore.json"))).VerificationMaterial.LeafCertificate!;

    [Fact]
    public void Fulcio_extensions_and_san_are_read_from_a_github_actions_certificate()
    {
        var cert = CertificateDecoder.Load(Leaf("happy-path-v0.3"), "leaf");
        var f = FulcioCertificate.From(cert);
        Assert.Equal(ConformanceProtocol.DefaultIdentity, f.SubjectAlternativeName);
        Assert.Equal(SubjectAlternativeNameKind.Uri, f.SubjectAlternativeNames[0].Kind);
        Assert.Equal(ConformanceProtocol.DefaultIssuer, f.Issuer);
        Assert.Equal("workflow_dispatch", f.GitHubWorkflowTrigger);
        Assert.Equal("sigstore-conformance/extremely-dangerous-public-oidc-beacon", f.GitHubWorkflowRepository);
        Assert.Equal("refs/heads/main", f.GitHubWorkflowRef);
        Assert.Equal("github-hosted", f.RunnerEnvironment);
        Assert.Equal("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon", f.SourceRepositoryUri);
        Assert.Equal("public", f.Get(FulcioOids.SourceRepositoryVisibilityAtSigning));
        Assert.Equal(f.GitHubWorkflowSha, f.SourceRepositoryDigest);
        // .1–.6 and .8–.22 all present in this certificate
        Assert.True(f.Extensions.Count >= 20, $"{f.Extensions.Count} extensions");
    }

    [Fact]
    public void Embedded_sct_list_parses_and_precertificate_tbs_drops_only_the_sct_extension()
    {
        var der = Leaf("happy-path-v0.3");
        var cert = CertificateDecoder.Load(der, "leaf");
        var scts = SignedCertificateTimestamp.ReadList(cert.Extensions[X509Oids.SctList]!.RawData);
        var sct = Assert.Single(scts);
        Assert.Equal("3T0wasbHETJjGR4cmWc3AqJKXrjePK3/h4pygC8p7o4=", Convert.ToBase64String(sct.LogId));
        Assert.Equal(4, sct.HashAlgorithm);
        Assert.Equal(3, sct.SignatureAlgorithm);

        var parts = X509Parts.Parse(der);
        var tbs = Precertificate.TbsWithoutSctList(parts.TbsCertificate);
        Assert.True(tbs.Length < parts.TbsCertificate.Length);
        var sctExt = cert.Extensions[X509Oids.SctList]!.RawData.Length;
        Assert.InRange(parts.TbsCertificate.Length - tbs.Length, sctExt, sctExt + 20);
    }

    [Fact]
    public void Sct_with_extensions_parses()
    {
        var cert = CertificateDecoder.Load(Leaf("bundle-with-sct-with-extensions"), "leaf");
        var sct = Assert.Single(SignedCertificateTimestamp.ReadList(cert.Extensions[X509Oids.SctList]!.RawData));
        Assert.NotEmpty(sct.Extensions);
    }

    [Theory]
    [InlineData(new byte[] { 0x04, 0x02, 0x00, 0x05 })]
    [InlineData(new byte[] { 0x04, 0x04, 0x00, 0x02, 0x00, 0x10 })]
    [InlineData(new byte[] { 0x04, 0x03, 0x00, 0x01, 0x00 })]
    [InlineData(new byte[] { 0x05, 0x00 })]
    public void Truncated_or_inconsistent_sct_lists_are_format_errors(byte[] extension)
        => Assert.Throws<SignetFormatException>(() => SignedCertificateTimestamp.ReadList(extension));

    [Fact]
    public void Timestamp_response_unwraps_to_a_token_with_its_time()
    {
        var b = Bundle.Parse(File.ReadAllBytes(Path.Combine(ConformanceCases.Dir("rekor2-happy-path"), "bundle.sigstore.json")));
        var info = TimestampResponse.ReadTokenInfo(b.VerificationMaterial.Rfc3161Timestamps[0].SignedTimestamp);
        Assert.Equal(new DateTimeOffset(2025, 6, 12, 12, 2, 20, TimeSpan.Zero), info.Timestamp);
        Assert.Equal(SHA256.HashData(b.MessageSignature!.Signature), info.GetMessageHash().ToArray());
    }

    [Fact]
    public void Timestamp_response_with_a_refusal_status_is_rejected()
    {
        // TimeStampResp { status { rejection(2) } }
        var ex = Assert.Throws<SignetFormatException>(() => TimestampResponse.ReadTokenInfo(new byte[] { 0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02 }));
        Assert.Contains("PKIStatus 2", ex.Message, StringComparison.Ordinal);
    }
}
