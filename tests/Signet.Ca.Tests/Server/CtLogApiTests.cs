using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Signet.Core.Merkle;

namespace Signet.Ca.Tests.Server;

/// <summary>The RFC 6962 HTTP API of the CT log: what it accepts, what it refuses, and that its proofs verify.</summary>
public sealed class CtLogApiTests(CaServerFixture fixture) : IClassFixture<CaServerFixture>
{
    private readonly CaServer _server = fixture.Server;

    private async Task<string[]> IssueAsync()
    {
        var token = await _server.EmailTokenAsync("carol@example.com");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var proof = key.SignData(Encoding.UTF8.GetBytes("carol@example.com"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var r = await _server.RequestWithKeyAsync(token, key.ExportSubjectPublicKeyInfo(), proof);
        var chain = await CaServer.ChainOfAsync(r);
        await _server.WaitUntilLoggedAsync(chain[0], chain[1]);
        return chain;
    }

    private async Task<HttpResponseMessage> PostChainAsync(string path, params byte[][] chain)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { chain = chain.Select(Convert.ToBase64String).ToArray() }), Encoding.UTF8, "application/json");
        return await _server.Http.PostAsync(path, content);
    }

    private static byte[] Der(string pem) => X509Certificate2.CreateFromPem(pem).RawData;

    [Fact]
    public async Task Add_chain_logs_a_final_certificate_chaining_to_the_root()
    {
        var chain = await IssueAsync();
        var before = await _server.CtTreeSizeAsync();
        using var r = await PostChainAsync("/ct/v1/add-chain", Der(chain[0]), Der(chain[1]));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var sct = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, sct.GetProperty("sct_version").GetInt32());
        Assert.Equal(32, Convert.FromBase64String(sct.GetProperty("id").GetString()!).Length);
        Assert.Equal(before + 1, await _server.WaitForTreeSizeAsync(before + 1));

        using var roots = await _server.Http.GetAsync("/ct/v1/get-roots");
        var root = (await roots.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificates")[0].GetString();
        Assert.Equal(Convert.ToBase64String(Der(chain[2])), root);
    }

    [Fact]
    public async Task Chains_that_do_not_reach_the_root_or_are_the_wrong_kind_are_refused()
    {
        var chain = await IssueAsync();
        var before = await _server.CtTreeSizeAsync();

        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var selfSigned = new CertificateRequest("CN=stranger", stranger, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using (var r = await PostChainAsync("/ct/v1/add-chain", selfSigned.RawData))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("accepted root", await r.Content.ReadAsStringAsync());
        }

        using (var r = await PostChainAsync("/ct/v1/add-chain", Der(chain[0]), Der(chain[2]))) // root did not sign the leaf
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }

        using (var r = await PostChainAsync("/ct/v1/add-pre-chain", Der(chain[0]), Der(chain[1]))) // no poison
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("poison", await r.Content.ReadAsStringAsync());
        }

        using (var r = await PostChainAsync("/ct/v1/add-chain"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }

        using (var r = await PostChainAsync("/ct/v1/add-chain", [1, 2, 3]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }

        // Nothing was sequenced: the next certificate takes the very next index.
        var next = await IssueAsync();
        Assert.Equal(before, await _server.WaitUntilLoggedAsync(next[0], next[1]));
    }

    [Fact]
    public async Task Consistency_proofs_verify_and_bad_queries_are_400()
    {
        await IssueAsync();
        var first = await _server.CtTreeSizeAsync();
        var firstRoot = Convert.FromBase64String((await _server.Http.GetFromJsonAsync<JsonElement>("/ct/v1/get-sth")).GetProperty("sha256_root_hash").GetString()!);
        await IssueAsync();
        await IssueAsync();
        var sth = await _server.Http.GetFromJsonAsync<JsonElement>("/ct/v1/get-sth");
        var second = sth.GetProperty("tree_size").GetUInt64();
        var secondRoot = Convert.FromBase64String(sth.GetProperty("sha256_root_hash").GetString()!);
        var proof = (await _server.Http.GetFromJsonAsync<JsonElement>($"/ct/v1/get-sth-consistency?first={first}&second={second}"))
            .GetProperty("consistency").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        ConsistencyProof.Verify(first, second, proof, firstRoot, secondRoot);
        Assert.Throws<MerkleProofException>(() => ConsistencyProof.Verify(first, second, proof, secondRoot, secondRoot));

        foreach (var bad in new[]
        {
            $"/ct/v1/get-sth-consistency?first={second}&second={first}",
            $"/ct/v1/get-sth-consistency?first=0&second={second + 10}",
            "/ct/v1/get-sth-consistency?first=x&second=1",
            "/ct/v1/get-entries?start=5&end=1",
            $"/ct/v1/get-entries?start={second + 5}&end={second + 6}",
            "/ct/v1/get-proof-by-hash?hash=AAAA&tree_size=1",
            "/ct/v1/get-proof-by-hash?hash=notbase64!&tree_size=1",
        })
        {
            using var r = await _server.Http.GetAsync(bad);
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{bad} → {(int)r.StatusCode}");
        }

        var unknown = Convert.ToBase64String(new byte[32]);
        using var missing = await _server.Http.GetAsync($"/ct/v1/get-proof-by-hash?hash={Uri.EscapeDataString(unknown)}&tree_size={second}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
