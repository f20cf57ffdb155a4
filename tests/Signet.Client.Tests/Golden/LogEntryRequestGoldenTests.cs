using System.Security.Cryptography;
using Signet.Client.Signing;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Client.Tests.Golden;

/// <summary>The entry requests the signer sends are the golden bytes (tests/Signet.Core.Tests/TestData/Golden).</summary>
public sealed class LogEntryRequestGoldenTests
{
    private static byte[] Golden(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    private static string GoldenText(string name) => System.Text.Encoding.UTF8.GetString(Golden(name));

    private static byte[] Digest => SHA256.HashData(Golden("inputs/artifact.txt"));

    private static string CertificatePem => Pem.Encode("CERTIFICATE", Pem.Decode(GoldenText("inputs/signer-cert.pem"), "CERTIFICATE"));

    [Fact]
    public void Hashedrekord_001_with_a_key()
    {
        using var key = SigningKey.FromPem(GoldenText("inputs/signer-key.pem"));
        Assert.Equal(Golden("hashedrekord-v001.request.json"), LogEntryRequests.HashedRekordV001(Digest, Golden("inputs/artifact.sig"), key.PublicKey.ToPem()));
    }

    [Fact]
    public void Hashedrekord_001_with_a_certificate()
    {
        Assert.Equal(Golden("hashedrekord-v001-cert.request.json"), LogEntryRequests.HashedRekordV001(Digest, Golden("inputs/artifact.sig"), CertificatePem));
    }

    [Fact]
    public void Hashedrekord_002_with_a_certificate_and_with_a_key()
    {
        using var key = SigningKey.FromPem(GoldenText("inputs/signer-key.pem"));
        var der = Pem.Decode(GoldenText("inputs/signer-cert.pem"), "CERTIFICATE");
        Assert.Equal(Golden("hashedrekord-v002.request.json"), LogEntryRequests.HashedRekordV002(Digest, Golden("inputs/artifact.sig"), der, key.PublicKey, key.Algorithm));
        Assert.Equal(Golden("hashedrekord-v002-key.request.json"), LogEntryRequests.HashedRekordV002(Digest, Golden("inputs/artifact.sig"), null, key.PublicKey, key.Algorithm));
    }

    [Fact]
    public void Dsse_001()
    {
        Assert.Equal(
            Golden("dsse-v001.request.json"),
            LogEntryRequests.DsseV001("application/vnd.in-toto+json", Golden("inputs/statement.json"), Golden("inputs/statement.sig"), CertificatePem));
    }
}
