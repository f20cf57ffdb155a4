using System.Net;
using System.Security.Cryptography;
using System.Text;
using Signet.Core.Keys;
using Signet.Core.Merkle;

namespace Signet.Server.Tests.Log;

public sealed class RekorApiTests
{
    private static async Task<TestServer> StartAsync() =>
        await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log" }, LogOrigin = "log.test" });

    private static byte[] Artifact(int i) => Encoding.UTF8.GetBytes($"artifact {i}");

    [Fact]
    public async Task V1_create_returns_a_verifiable_entry_and_it_can_be_fetched_and_searched()
    {
        await using var server = await StartAsync();
        var (created, json) = await LogRequests.PostAsync(server.Http, "/api/v1/log/entries", LogRequests.HashedRekordV001(Artifact(1)).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (uuid, entry) = json.EnumerateObject().Select(p => (p.Name, p.Value)).Single();
        Assert.Equal(80, uuid.Length);
        Assert.Equal("/api/v1/log/entries/" + uuid, created.Headers.Location?.OriginalString);
        Assert.Equal(0, entry.GetProperty("logIndex").GetInt64());
        var body = Convert.FromBase64String(entry.GetProperty("body").GetString()!);
        var proof = entry.GetProperty("verification").GetProperty("inclusionProof");
        var root = Convert.FromHexString(proof.GetProperty("rootHash").GetString()!);
        InclusionProof.Verify(0, (ulong)proof.GetProperty("treeSize").GetInt64(), Rfc6962.HashLeaf(body),
            proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList(), root);
        Assert.Contains("log.test\n1\n", proof.GetProperty("checkpoint").GetString(), StringComparison.Ordinal);

        // Rekor v1 identity as v1 clients (cosign) require it: an ECDSA P-256 key, log ID = SHA-256 of its SPKI.
        var (keyResponse, _) = await LogRequests.GetAsync(server.Http, "/api/v1/log/publicKey");
        var logKey = VerificationKey.FromPem(await keyResponse.Content.ReadAsStringAsync());
        Assert.Equal(SigningAlgorithm.PkixEcdsaP256Sha256, logKey.DefaultAlgorithm);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(logKey.SpkiDer)), entry.GetProperty("logID").GetString());

        // The checkpoint carries a signature this key verifies under Rekor v1's key hint (SHA-256(SPKI)[:4]).
        Signet.Core.Notes.CheckpointVerifier.Verify(Encoding.UTF8.GetBytes(proof.GetProperty("checkpoint").GetString()!),
            Signet.Core.Notes.RekorNoteVerifier.Create("log.test", logKey), "log.test");

        // SET: ECDSA over RFC 8785 {body, integratedTime, logID, logIndex} with the published key.
        var set = Convert.FromBase64String(entry.GetProperty("verification").GetProperty("signedEntryTimestamp").GetString()!);
        var payload = $"{{\"body\":\"{entry.GetProperty("body").GetString()}\",\"integratedTime\":{entry.GetProperty("integratedTime").GetInt64()},\"logID\":\"{entry.GetProperty("logID").GetString()}\",\"logIndex\":0}}";
        Assert.True(logKey.Verify(Encoding.UTF8.GetBytes(payload), set));

        var (byIndex, byIndexJson) = await LogRequests.GetAsync(server.Http, "/api/v1/log/entries?logIndex=0");
        Assert.Equal(HttpStatusCode.OK, byIndex.StatusCode);
        Assert.Equal(entry.GetProperty("body").GetString(), byIndexJson.GetProperty(uuid).GetProperty("body").GetString());
        var (byUuid, _) = await LogRequests.GetAsync(server.Http, "/api/v1/log/entries/" + uuid[16..]);
        Assert.Equal(HttpStatusCode.OK, byUuid.StatusCode);

        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Artifact(1)));
        var (_, found) = await LogRequests.PostAsync(server.Http, "/api/v1/index/retrieve", $"{{\"hash\":\"{hash}\"}}");
        Assert.Equal([uuid], found.EnumerateArray().Select(e => e.GetString()));
        var pk = Convert.ToBase64String(Encoding.UTF8.GetBytes(LogRequests.Key.PublicKey.ToPem()));
        var (_, byKey) = await LogRequests.PostAsync(server.Http, "/api/v1/index/retrieve", $"{{\"publicKey\":{{\"format\":\"x509\",\"content\":\"{pk}\"}},\"hash\":\"{hash}\",\"operator\":\"and\"}}");
        Assert.Single(byKey.EnumerateArray());
        var (_, retrieved) = await LogRequests.PostAsync(server.Http, "/api/v1/log/entries/retrieve", $"{{\"entryUUIDs\":[\"{uuid}\"],\"logIndexes\":[0]}}");
        Assert.Equal(2, retrieved.GetArrayLength());
    }

    [Fact]
    public async Task V1_log_info_and_consistency_proofs_verify()
    {
        await using var server = await StartAsync();
        var (_, info0) = await LogRequests.GetAsync(server.Http, "/api/v1/log");
        Assert.Equal(0, info0.GetProperty("treeSize").GetInt64());
        for (var i = 0; i < 3; i++)
        {
            await LogRequests.PostAsync(server.Http, "/api/v1/log/entries", LogRequests.HashedRekordV001(Artifact(i)).ToJsonString());
        }

        var (_, info3) = await LogRequests.GetAsync(server.Http, "/api/v1/log");
        var root3 = Convert.FromHexString(info3.GetProperty("rootHash").GetString()!);
        Assert.Equal(3, info3.GetProperty("treeSize").GetInt64());
        Assert.Contains("log.test\n3\n", info3.GetProperty("signedTreeHead").GetString(), StringComparison.Ordinal);
        for (var i = 0; i < 2; i++)
        {
            await LogRequests.PostAsync(server.Http, "/api/v1/log/entries", LogRequests.HashedRekordV001(Artifact(10 + i)).ToJsonString());
        }

        var (r, proof) = await LogRequests.GetAsync(server.Http, "/api/v1/log/proof?firstSize=3&lastSize=5");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var root5 = Convert.FromHexString(proof.GetProperty("rootHash").GetString()!);
        ConsistencyProof.Verify(3, 5, proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList(), root3, root5);
    }

    [Fact]
    public async Task V2_create_returns_a_transparency_log_entry_and_tiles_are_served_with_cache_headers()
    {
        await using var server = await StartAsync();
        var (created, tle) = await LogRequests.PostAsync(server.Http, "/api/v2/log/entries", LogRequests.HashedRekordV002(Artifact(2)).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("0", tle.GetProperty("logIndex").GetString());
        Assert.Equal("hashedrekord", tle.GetProperty("kindVersion").GetProperty("kind").GetString());
        Assert.Equal("0.0.2", tle.GetProperty("kindVersion").GetProperty("version").GetString());
        Assert.Equal(32, tle.GetProperty("logId").GetProperty("keyId").GetBytesFromBase64().Length);
        Assert.False(tle.TryGetProperty("integratedTime", out _));
        var proof = tle.GetProperty("inclusionProof");
        Assert.Equal("1", proof.GetProperty("treeSize").GetString());
        var body = tle.GetProperty("canonicalizedBody").GetBytesFromBase64();
        Assert.Equal(proof.GetProperty("rootHash").GetBytesFromBase64(), Rfc6962.HashLeaf(body));

        var checkpoint = await server.Http.GetAsync(new Uri("/api/v2/checkpoint", UriKind.Relative));
        Assert.Equal("text/plain", checkpoint.Content.Headers.ContentType?.MediaType);
        Assert.True(checkpoint.Headers.CacheControl?.NoCache);
        Assert.Equal(proof.GetProperty("checkpoint").GetProperty("envelope").GetString(), await checkpoint.Content.ReadAsStringAsync());

        var tile = await server.Http.GetAsync(new Uri("/api/v2/tile/0/000.p/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        Assert.Contains("immutable", tile.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(Rfc6962.HashLeaf(body), await tile.Content.ReadAsByteArrayAsync());
        var bundle = await server.Http.GetAsync(new Uri("/api/v2/tile/entries/000.p/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal(Signet.Core.Tiles.EntryBundle.Encode([body]), await bundle.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync(new Uri("/api/v2/tile/0/000.p/2", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync(new Uri("/api/v2/tile/0/000", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_same_entry_twice_is_a_409_conflict_pointing_at_the_first_entry_as_rekor_answers()
    {
        await using var server = await StartAsync();
        var request = LogRequests.HashedRekordV001(Artifact(5)).ToJsonString();
        var (_, first) = await LogRequests.PostAsync(server.Http, "/api/v1/log/entries", request);
        await LogRequests.PostAsync(server.Http, "/api/v1/log/entries", LogRequests.HashedRekordV001(Artifact(6)).ToJsonString());
        var (again, error) = await LogRequests.PostAsync(server.Http, "/api/v1/log/entries", request);
        var uuid = first.EnumerateObject().Single().Name;
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("/api/v1/log/entries/" + uuid, again.Headers.Location?.OriginalString);
        Assert.Equal(409, error.GetProperty("code").GetInt32());
        Assert.Contains(uuid, error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // What sigstore-js (fetchOnConflict) and cosign do next: fetch the Location.
        var (existing, entry) = await LogRequests.GetAsync(server.Http, again.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, existing.StatusCode);
        Assert.Equal(0, entry.GetProperty(uuid).GetProperty("logIndex").GetInt64());
        var (_, info) = await LogRequests.GetAsync(server.Http, "/api/v1/log");
        Assert.Equal(2, info.GetProperty("treeSize").GetInt64());
    }
}
