using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Ct;

namespace Signet.Log.Ct.Tests;

/// <summary>
/// The RFC 6962 §4 JSON is byte for byte what the server wrote before it moved into the personality: each response
/// against <see cref="JsonSerializer"/> over the dictionaries the endpoints used to build (values with '+' and '/'
/// included, which both escape the same way).
/// </summary>
public sealed class CtJsonTests
{
    private static readonly byte[] Plus = [0xfb, 0xef, 0xbe, 0xff, 0x00, 0x3e]; // base64 "++++/wA+"

#pragma warning disable IL2026, IL3050 // the reference serialisation, as the server did it
    private static string Before(Dictionary<string, object> value) => JsonSerializer.Serialize(value);
#pragma warning restore IL2026, IL3050

    [Fact]
    public void Signed_tree_head()
    {
        var sth = new SignedTreeHead(ulong.MaxValue, 1_700_000_000_123, Plus, [.. Plus, 1]);
        Assert.Equal(Before(new()
        {
            ["tree_size"] = sth.TreeSize,
            ["timestamp"] = sth.Timestamp,
            ["sha256_root_hash"] = Convert.ToBase64String(sth.RootHash),
            ["tree_head_signature"] = Convert.ToBase64String(sth.TreeHeadSignature),
        }), CtJson.SignedTreeHead(sth));
    }

    [Fact]
    public void Proofs()
    {
        byte[][] proof = [Plus, SHA256.HashData(Plus)];
        Assert.Equal(Before(new() { ["consistency"] = proof.Select(Convert.ToBase64String).ToArray() }), CtJson.Consistency(proof));
        Assert.Equal(Before(new() { ["consistency"] = Array.Empty<string>() }), CtJson.Consistency([]));
        Assert.Equal(Before(new()
        {
            ["leaf_index"] = 42UL,
            ["audit_path"] = proof.Select(Convert.ToBase64String).ToArray(),
        }), CtJson.ProofByHash(42, proof));
    }

    [Fact]
    public void Entries_and_roots()
    {
        CtStoredEntry[] entries = [new(0, Plus, [1, 2]), new(1, [3], Plus)];
        Assert.Equal(Before(new()
        {
            ["entries"] = entries.Select(x => new Dictionary<string, string>
            {
                ["leaf_input"] = Convert.ToBase64String(x.LeafInput),
                ["extra_data"] = Convert.ToBase64String(x.ExtraData),
            }).ToArray(),
        }), CtJson.Entries(entries));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = new CertificateRequest("CN=root", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(Before(new() { ["certificates"] = new[] { Convert.ToBase64String(root.RawData) } }), CtJson.Roots([root]));
    }

    [Fact]
    public void Add_chain_response()
    {
        var sct = new SignedCertificateTimestamp(SHA256.HashData(Plus), 1_700_000_000_456, Plus, SignedCertificateTimestamp.Sha256, SignedCertificateTimestamp.Ecdsa, [.. Plus, 9]);
        Assert.Equal(Before(new()
        {
            ["sct_version"] = 0,
            ["id"] = Convert.ToBase64String(sct.LogId),
            ["timestamp"] = sct.Timestamp,
            ["extensions"] = Convert.ToBase64String(sct.Extensions),
            ["signature"] = Convert.ToBase64String(CtLogEntry.DigitallySigned(sct.Signature)),
        }), CtJson.AddChainResponse(sct));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"chain\":\"AA==\"}")]
    [InlineData("{\"chain\":[1]}")]
    [InlineData("{\"chain\":[\"not base64!\"]}")]
    public void Malformed_chains_are_format_errors(string body)
    {
        Assert.Throws<SignetFormatException>(() => CtJson.ReadChain(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void A_chain_is_read_in_order()
    {
        Assert.Equal([[1, 2], [3]], CtJson.ReadChain(Encoding.UTF8.GetBytes("{\"chain\":[\"AQI=\",\"Aw==\"],\"other\":1}")));
    }
}
