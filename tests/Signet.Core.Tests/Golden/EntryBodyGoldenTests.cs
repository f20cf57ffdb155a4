using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.Rekor;

namespace Signet.Core.Tests.Golden;

/// <summary>The verifier reads each golden canonical body (as the log stores it) to the facts it compares.</summary>
public sealed class EntryBodyGoldenTests
{
    private static LogEntryBody Read(string file, string kind, string version) =>
        LogEntryBody.Parse(GoldenFiles.Bytes(file), new KindVersion(kind, version), "body");

    [Theory]
    [InlineData("hashedrekord-v001.body.json", "0.0.1", false)]
    [InlineData("hashedrekord-v001-cert.body.json", "0.0.1", true)]
    [InlineData("hashedrekord-v002.body.json", "0.0.2", true)]
    [InlineData("hashedrekord-v002-key.body.json", "0.0.2", false)]
    public void Hashedrekord_bodies_read_to_the_digest_signature_and_signer(string file, string version, bool certificate)
    {
        var body = Read(file, "hashedrekord", version);
        Assert.Equal(HashAlgorithmName.SHA256, body.DigestAlgorithm);
        Assert.Equal(GoldenFiles.ArtifactDigest, body.Digest);
        var signature = Assert.Single(body.Signatures);
        Assert.Equal(GoldenFiles.ArtifactSignature, signature.Signature);
        using var signer = GoldenFiles.SignerKey();
        if (certificate)
        {
            Assert.Equal(GoldenFiles.SignerCertificateDer, signature.Verifier.CertificateDer);
        }
        else
        {
            Assert.Equal(signer.PublicKey.SpkiDer, signature.Verifier.PublicKeySpki);
        }
    }

    [Fact]
    public void The_dsse_body_reads_to_the_payload_hash_and_signature()
    {
        var body = Read("dsse-v001.body.json", "dsse", "0.0.1");
        Assert.Equal(SHA256.HashData(GoldenFiles.Statement), body.PayloadHash);
        var signature = Assert.Single(body.Signatures);
        Assert.Equal(GoldenFiles.StatementSignature, signature.Signature);
        Assert.Equal(GoldenFiles.SignerCertificateDer, signature.Verifier.CertificateDer);
    }

    [Fact]
    public void The_intoto_002_body_reads_to_the_payload_hash_and_signature()
    {
        var body = Read("intoto-v002.body.json", "intoto", "0.0.2");
        Assert.Equal(SHA256.HashData(GoldenFiles.Statement), body.PayloadHash);
        Assert.Null(body.Payload);
        Assert.Equal("application/vnd.in-toto+json", body.PayloadType);
        var signature = Assert.Single(body.Signatures);
        Assert.Equal(GoldenFiles.StatementSignature, signature.Signature);
        Assert.Equal(GoldenFiles.SignerCertificateDer, signature.Verifier.CertificateDer);
    }

    [Fact]
    public void The_intoto_001_body_reads_to_the_payload_hash_and_signer()
    {
        var body = Read("intoto-v001.body.json", "intoto", "0.0.1");
        Assert.Equal(SHA256.HashData(GoldenFiles.Statement), body.PayloadHash);
        Assert.Equal(GoldenFiles.SignerCertificateDer, Assert.Single(body.Signatures).Verifier.CertificateDer);
    }
}
