using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Ca.Ct;
using Signet.Core.Ct;

namespace Signet.Ca.Tests.Golden;

/// <summary>
/// The CA's CT log makes the golden SCTs (tests/Signet.Core.Tests/TestData/Golden): for an x509_entry and a
/// precert_entry the signed data (RFC 6962 §3.2, equal to the §3.4 MerkleTreeLeaf it logs) is byte for byte the golden
/// file, the TLS-encoded SCT equals the golden one except for the (randomized) ECDSA signature, and both the new and the
/// golden signature verify; the SCT list extension is the golden DER.
/// </summary>
public sealed class SctGoldenTests
{
    private static readonly DateTimeOffset X509Time = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);

    private static byte[] Golden(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    private static X509Certificate2 Certificate(string name) =>
        X509CertificateLoader.LoadCertificate(Der(name));

    private static byte[] Der(string name)
    {
        var pem = System.Text.Encoding.UTF8.GetString(Golden(name));
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }

    private static ECDsa CtKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(System.Text.Encoding.UTF8.GetString(Golden("inputs/ct-log-key.pem")));
        return key;
    }

    private static async Task<(byte[] Sct, byte[] SignedData, SignedCertificateTimestamp Parsed)> LogAsync(bool precert)
    {
        using var ca = Certificate("inputs/ca-cert.pem");
        var backend = new RecordingBackend();
        var time = new FixedTime(precert ? X509Time.AddSeconds(1) : X509Time);
        using var key = new CtLogKey(CtKey());
        var log = new CtLog(key, backend, [ca], time);
        var sct = precert
            ? await log.AddPreChainAsync([Der("inputs/precert.pem"), ca.RawData], CancellationToken.None)
            : await log.AddChainAsync([Der("inputs/signer-cert.pem"), ca.RawData], CancellationToken.None);
        return (sct.Serialize(), Assert.Single(backend.Leaves), sct);
    }

    [Theory]
    [InlineData(false, "sct-x509")]
    [InlineData(true, "sct-precert")]
    public async Task The_ct_log_signs_the_golden_signed_data(bool precert, string name)
    {
        var (sct, signedData, parsed) = await LogAsync(precert);
        Assert.Equal(Golden(name + ".signed-data.bin"), signedData);

        var golden = SignedCertificateTimestamp.Deserialize(Golden(name + ".tls"));
        Assert.Equal(Golden(name + ".tls"), golden.Serialize());
        // Everything up to the signature vector (RFC 6962 §3.2: version, log id, timestamp, extensions, hash and
        // signature algorithm) is the golden bytes; ECDSA signatures differ from run to run.
        Assert.Equal(Golden(name + ".tls")[..^(golden.Signature.Length + 2)], sct[..^(parsed.Signature.Length + 2)]);

        using var key = CtKey();
        Assert.True(key.VerifyData(signedData, parsed.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(key.VerifyData(signedData, golden.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void The_sct_list_extension_is_the_golden_der()
    {
        var sct = SignedCertificateTimestamp.Deserialize(Golden("sct-precert.tls"));
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteOctetString(SignedCertificateTimestamp.SerializeList([sct]));
        Assert.Equal(Golden("sct-list-extension.der"), w.Encode());
        Assert.Equal(Golden("sct-precert.tls"), Assert.Single(SignedCertificateTimestamp.DeserializeList(new AsnReader(Golden("sct-list-extension.der"), AsnEncodingRules.DER).ReadOctetString())).Serialize());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Records the leaves the CT log appends; the tree reads are not part of issuing an SCT.</summary>
    private sealed class RecordingBackend : ICtLogBackend
    {
        public List<byte[]> Leaves { get; } = [];

        public Task<ulong> AppendAsync(byte[] merkleTreeLeaf, byte[] extraData, CancellationToken cancellationToken)
        {
            Leaves.Add(merkleTreeLeaf);
            return Task.FromResult((ulong)Leaves.Count - 1);
        }

        public Task<CtTree> GetTreeAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CtStoredEntry>> GetEntriesAsync(ulong start, int count, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<byte[]>> GetInclusionProofAsync(ulong index, ulong treeSize, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong first, ulong second, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
