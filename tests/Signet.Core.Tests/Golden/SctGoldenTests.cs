using System.Formats.Asn1;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Core.Ct;

namespace Signet.Core.Tests.Golden;

/// <summary>The verifier's side of the golden SCT: the SCT list embedded in the final certificate reads back to the
/// CT log's SCT, and the signed data rebuilt from the certificate (RFC 6962 §3.2 precert_entry) is the golden bytes the
/// log signed.</summary>
public sealed class SctGoldenTests
{
    [Fact]
    public void The_embedded_list_is_the_golden_extension()
    {
        using var cert = GoldenFiles.FinalCertificate();
        Assert.Equal(GoldenFiles.Bytes("sct-list-extension.der"), cert.Extensions[X509Oids.SctList]!.RawData);
    }

    [Fact]
    public void The_precert_signed_data_is_the_golden_bytes_and_the_sct_verifies()
    {
        using var cert = GoldenFiles.FinalCertificate();
        var sct = Assert.Single(SignedCertificateTimestamp.ReadList(GoldenFiles.Bytes("sct-list-extension.der")));
        var tbs = X509Parts.Parse(cert.RawData).TbsCertificate;
        var signed = sct.PrecertSignedData(GoldenFiles.IssuerKeyHash(), Precertificate.TbsWithoutSctList(tbs));
        Assert.Equal(GoldenFiles.Bytes("sct-precert.signed-data.bin"), signed);
        using var ct = GoldenFiles.CtLogKey();
        Assert.True(ct.PublicKey.Verify(signed, sct.Signature));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(ct.PublicKey.SpkiDer), sct.LogId);
        Assert.Equal((ulong)new DateTimeOffset(2024, 1, 2, 0, 0, 1, TimeSpan.Zero).ToUnixTimeMilliseconds(), sct.Timestamp);
    }

    [Fact]
    public void The_golden_tls_sct_is_the_one_in_the_list()
    {
        // RFC 6962 §3.3: the extension is an OCTET STRING of SignedCertificateTimestampList (uint16 length, then
        // uint16-length-prefixed SerializedSCTs).
        var list = new AsnReader(GoldenFiles.Bytes("sct-list-extension.der"), AsnEncodingRules.DER).ReadOctetString();
        var sct = GoldenFiles.Bytes("sct-precert.tls");
        Assert.Equal(sct.Length + 2, (list[0] << 8) | list[1]);
        Assert.Equal(sct.Length, (list[2] << 8) | list[3]);
        Assert.Equal(sct, list[4..]);
    }

    [Theory]
    [InlineData("sct-x509")]
    [InlineData("sct-precert")]
    public void The_tls_encoding_reads_and_writes_the_golden_bytes(string name)
    {
        var sct = SignedCertificateTimestamp.Deserialize(GoldenFiles.Bytes(name + ".tls"));
        Assert.Equal(GoldenFiles.Bytes(name + ".tls"), sct.Serialize());
        Assert.Equal((SignedCertificateTimestamp.Sha256, SignedCertificateTimestamp.Ecdsa), (sct.HashAlgorithm, sct.SignatureAlgorithm));
        Assert.Empty(sct.Extensions);
    }

    [Fact]
    public void The_list_extension_written_from_the_golden_sct_is_the_golden_der()
    {
        var sct = SignedCertificateTimestamp.Deserialize(GoldenFiles.Bytes("sct-precert.tls"));
        Assert.Equal(GoldenFiles.Bytes("sct-list-extension.der"), SignedCertificateTimestamp.ListExtension([sct]));
    }

    [Fact]
    public void The_x509_signed_data_is_the_golden_bytes_and_the_sct_verifies()
    {
        var sct = SignedCertificateTimestamp.Deserialize(GoldenFiles.Bytes("sct-x509.tls"));
        var signed = sct.X509SignedData(GoldenFiles.SignerCertificateDer);
        Assert.Equal(GoldenFiles.Bytes("sct-x509.signed-data.bin"), signed);
        Assert.Equal(signed, CtLogEntry.X509EntryLeaf(sct.Timestamp, GoldenFiles.SignerCertificateDer, []));
        using var ct = GoldenFiles.CtLogKey();
        Assert.True(ct.PublicKey.Verify(signed, sct.Signature));
    }
}
