using System.Security.Cryptography;
using Signet.Core.Encoding;
using Signet.Core.Json;
using Signet.Core.Rekor;

namespace Signet.Core.Tests.Golden;

/// <summary>Each entry kind writes the golden request (what the signer sends) and canonicalizes it to the golden body
/// (what the log stores), with the facts the log indexes.</summary>
public sealed class EntryRequestGoldenTests
{
    private static string CertificatePem => Pem.Encode("CERTIFICATE", GoldenFiles.SignerCertificateDer);

    [Fact]
    public void Hashedrekord_001_requests_with_a_key_and_with_a_certificate()
    {
        using var key = GoldenFiles.SignerKey();
        Assert.Equal(GoldenFiles.Bytes("hashedrekord-v001.request.json"), HashedRekordV001.Request(HashAlgorithmName.SHA256, GoldenFiles.ArtifactDigest, GoldenFiles.ArtifactSignature, key.PublicKey.ToPem()));
        Assert.Equal(GoldenFiles.Bytes("hashedrekord-v001-cert.request.json"), HashedRekordV001.Request(HashAlgorithmName.SHA256, GoldenFiles.ArtifactDigest, GoldenFiles.ArtifactSignature, CertificatePem));
    }

    [Fact]
    public void Hashedrekord_002_requests_with_a_certificate_and_with_a_key()
    {
        using var key = GoldenFiles.SignerKey();
        Assert.Equal(
            GoldenFiles.Bytes("hashedrekord-v002.request.json"),
            HashedRekordV002.Request(GoldenFiles.ArtifactDigest, GoldenFiles.ArtifactSignature, GoldenFiles.SignerCertificateDer, key.PublicKey, key.Algorithm));
        Assert.Equal(
            GoldenFiles.Bytes("hashedrekord-v002-key.request.json"),
            HashedRekordV002.Request(GoldenFiles.ArtifactDigest, GoldenFiles.ArtifactSignature, null, key.PublicKey, key.Algorithm));
    }

    [Fact]
    public void Dsse_001_request()
    {
        Assert.Equal(
            GoldenFiles.Bytes("dsse-v001.request.json"),
            DsseV001.Request("application/vnd.in-toto+json", GoldenFiles.Statement, GoldenFiles.StatementSignature, CertificatePem));
    }

    [Fact]
    public void Intoto_002_request_as_sigstore_js_writes_it()
    {
        Assert.Equal(
            GoldenFiles.Bytes("intoto-v002.request.json"),
            IntotoV002.Request("application/vnd.in-toto+json", GoldenFiles.Statement, GoldenFiles.StatementSignature, CertificatePem));
    }

    [Theory]
    [InlineData("hashedrekord-v001", false)]
    [InlineData("hashedrekord-v001-cert", true)]
    [InlineData("dsse-v001", true)]
    [InlineData("intoto-v002", true)]
    public void Rekor_v1_requests_canonicalize_to_the_golden_body(string name, bool certificate)
    {
        using var doc = StrictJson.Parse(GoldenFiles.Bytes(name + ".request.json"), name, JsonLimits.RekorEntry);
        var root = JsonField.Root(doc.RootElement, name);
        var spec = JsonField.Root(root.RequiredObject("spec").Element, "spec");
        CanonicalizedEntry entry = root.RequiredString("kind") switch
        {
            HashedRekordV001.Kind => HashedRekordV001.Canonicalize(spec),
            DsseV001.Kind => DsseV001.Canonicalize(spec),
            _ => IntotoV002.Canonicalize(spec),
        };
        Assert.Equal(GoldenFiles.Bytes(name + ".body.json"), entry.Body);
        AssertSigner(Assert.Single(entry.Signers), certificate);
    }

    [Theory]
    [InlineData("hashedrekord-v002", true)]
    [InlineData("hashedrekord-v002-key", false)]
    public void Rekor_v2_requests_canonicalize_to_the_golden_body(string name, bool certificate)
    {
        using var doc = StrictJson.Parse(GoldenFiles.Bytes(name + ".request.json"), name, JsonLimits.RekorEntry);
        var request = JsonField.Root(doc.RootElement, name).RequiredObject(HashedRekordV002.RequestMember);
        var entry = HashedRekordV002.Canonicalize(request);
        Assert.Equal(GoldenFiles.Bytes(name + ".body.json"), entry.Body);
        Assert.Equal(new EntryHash("sha256", Convert.ToHexStringLower(GoldenFiles.ArtifactDigest)), Assert.Single(entry.Hashes));
        AssertSigner(Assert.Single(entry.Signers), certificate);
    }

    private static void AssertSigner(EntrySigner signer, bool certificate)
    {
        using var key = GoldenFiles.SignerKey();
        Assert.Equal(key.PublicKey.SpkiDer, signer.SpkiDer);
        Assert.Equal(certificate ? GoldenFiles.SignerCertificateDer : null, signer.CertificateDer);
        Assert.Equal(certificate ? "signer@example.com" : null, signer.Email);
    }

    [Fact]
    public void The_golden_bodies_are_rfc_8785_canonical()
    {
        foreach (var file in Directory.GetFiles(GoldenFiles.Directory, "*.body.json"))
        {
            var body = File.ReadAllBytes(file);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(body), System.Text.Encoding.UTF8.GetString(Rfc8785.Canonicalize(body)));
        }
    }
}
