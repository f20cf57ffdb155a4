using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;
using Signet.Core.Merkle;

namespace Signet.Log.Rekor.Tests;

/// <summary>The Rekor v1 API's semantics over a real engine, without HTTP.</summary>
public sealed class RekorV1ApiTests : IAsyncLifetime
{
    private RekorLogFixture _log = null!;

    public async Task InitializeAsync() => _log = await RekorLogFixture.StartAsync();

    public async Task DisposeAsync() => await _log.DisposeAsync();

    private static byte[] Artifact(int i) => Encoding.UTF8.GetBytes($"artifact {i}");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task A_created_entry_carries_its_uuid_proof_and_a_set_over_the_canonical_payload()
    {
        var created = await _log.V1.CreateEntryAsync(RekorRequests.HashedRekordV001(Artifact(1)), default);
        Assert.False(created.Duplicate);
        var (uuid, entry) = Assert.Single(created.Response);
        Assert.Equal(created.Uuid, uuid);
        Assert.Equal(RekorUuid.Format(_log.Keys.TreeId, Rfc6962.HashLeaf(Convert.FromBase64String((string)entry!["body"]!))), uuid);
        Assert.Equal(0, (long)entry["logIndex"]!);
        Assert.Equal(Convert.ToHexStringLower(_log.Keys.V1.LogId), (string)entry["logID"]!);

        // SET: the v1 key's signature over RFC 8785 {body, integratedTime, logID, logIndex}.
        var payload = new JsonObject { ["body"] = (string)entry["body"]!, ["integratedTime"] = (long)entry["integratedTime"]!, ["logID"] = (string)entry["logID"]!, ["logIndex"] = 0 };
        var set = Convert.FromBase64String((string)entry["verification"]!["signedEntryTimestamp"]!);
        Assert.True(_log.Keys.V1.PublicKey.Verify(Signet.Core.Json.Rfc8785.Canonicalize(Encoding.UTF8.GetBytes(payload.ToJsonString())), set));

        var proof = entry["verification"]!["inclusionProof"]!;
        Assert.Equal(1, (long)proof["treeSize"]!);
        Assert.Equal(Convert.ToHexStringLower(_log.Log.Reader.Latest.RootHash), (string)proof["rootHash"]!);
    }

    [Fact]
    public async Task A_resubmitted_entry_is_a_duplicate_answered_with_rekors_error_model()
    {
        var request = RekorRequests.HashedRekordV001(Artifact(2));
        var first = await _log.V1.CreateEntryAsync(request, default);
        var again = await _log.V1.CreateEntryAsync(request, default);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Uuid, again.Uuid);
        Assert.Equal(409, (int)again.Response["code"]!);
        Assert.Contains(first.Uuid, (string)again.Response["message"]!, StringComparison.Ordinal);
        Assert.Equal(1UL, _log.V1.PublishedSize);
    }

    [Fact]
    public async Task Entries_are_found_by_index_uuid_retrieve_and_search()
    {
        var a = await _log.V1.CreateEntryAsync(RekorRequests.HashedRekordV001(Artifact(3)), default);
        var bRequest = RekorRequests.HashedRekordV001(Artifact(4));
        var b = await _log.V1.CreateEntryAsync(bRequest, default);

        Assert.Equal(a.Uuid, Assert.Single((await _log.V1.GetEntryAsync(0, default))!).Key);
        Assert.Null(await _log.V1.GetEntryAsync(2, default));
        Assert.NotNull(await _log.V1.GetEntryByUuidAsync(b.Uuid, default));
        Assert.NotNull(await _log.V1.GetEntryByUuidAsync(b.Uuid[16..], default));
        Assert.Null(await _log.V1.GetEntryByUuidAsync(RekorUuid.Format(_log.Keys.TreeId ^ 1, new byte[32]), default));

        var query = $"{{\"entryUUIDs\":[\"{a.Uuid}\"],\"logIndexes\":[1,99],\"entries\":[{Encoding.UTF8.GetString(bRequest)}]}}";
        var retrieved = await _log.V1.RetrieveEntriesAsync(Json(query), default);
        Assert.Equal([a.Uuid, b.Uuid, b.Uuid], retrieved.Select(n => n!.AsObject().Single().Key));

        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Artifact(4)));
        Assert.Equal([b.Uuid], (await _log.V1.SearchIndexAsync(Json($"{{\"hash\":\"{hash}\"}}"), default)).Select(n => (string)n!));
        var pk = Convert.ToBase64String(Encoding.UTF8.GetBytes(RekorRequests.SharedKey.PublicKey.ToPem()));
        var byKey = await _log.V1.SearchIndexAsync(Json($"{{\"publicKey\":{{\"format\":\"x509\",\"content\":\"{pk}\"}}}}"), default);
        Assert.Equal([a.Uuid, b.Uuid], byKey.Select(n => (string)n!));
        var both = await _log.V1.SearchIndexAsync(Json($"{{\"publicKey\":{{\"format\":\"x509\",\"content\":\"{pk}\"}},\"hash\":\"{hash}\",\"operator\":\"and\"}}"), default);
        Assert.Equal([b.Uuid], both.Select(n => (string)n!));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"logIndexes\":[0,1,2,3,4,5,6,7,8,9,10]}")]
    [InlineData("{\"logIndexes\":\"0\"}")]
    [InlineData("{\"entryUUIDs\":[1]}")]
    [InlineData("{\"entryUUIDs\":[\"zz\"]}")]
    public async Task Malformed_retrieve_queries_are_format_errors(string query)
    {
        await Assert.ThrowsAsync<SignetFormatException>(() => _log.V1.RetrieveEntriesAsync(Json(query), default));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"hash\":\"sha256:xyz\"}")]
    [InlineData("{\"hash\":\"md5:00\"}")]
    [InlineData("{\"publicKey\":{\"format\":\"pgp\",\"content\":\"AA==\"}}")]
    [InlineData("{\"email\":\"nobody\"}")]
    [InlineData("{\"email\":\"a@b\",\"operator\":\"xor\"}")]
    public async Task Malformed_search_queries_are_format_errors(string query)
    {
        await Assert.ThrowsAsync<SignetFormatException>(() => _log.V1.SearchIndexAsync(Json(query), default));
    }

    [Fact]
    public async Task Consistency_proofs_start_at_one_by_default_and_stay_within_the_published_tree()
    {
        for (var i = 10; i < 13; i++)
        {
            await _log.V1.CreateEntryAsync(RekorRequests.HashedRekordV001(Artifact(i)), default);
        }

        var latest = _log.Log.Reader.Latest;
        var proof = await _log.V1.ConsistencyProofAsync(null, 3, default);
        Assert.Equal(Convert.ToHexStringLower(latest.RootHash), (string)proof["rootHash"]!);
        var old = await _log.Log.Reader.RootAtAsync(1, default);
        ConsistencyProof.Verify(1, 3, proof["hashes"]!.AsArray().Select(h => Convert.FromHexString((string)h!)).ToList(), old, latest.RootHash);
        await Assert.ThrowsAsync<SignetFormatException>(() => _log.V1.ConsistencyProofAsync(0, 3, default));
        await Assert.ThrowsAsync<SignetFormatException>(() => _log.V1.ConsistencyProofAsync(3, 2, default));
        await Assert.ThrowsAsync<SignetFormatException>(() => _log.V1.ConsistencyProofAsync(1, 4, default));

        var info = _log.V1.LogInfo();
        Assert.Equal(3, (long)info["treeSize"]!);
        Assert.Equal(_log.Keys.TreeId.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)info["treeID"]!);
        Assert.Equal(Encoding.UTF8.GetString(latest.Checkpoint), (string)info["signedTreeHead"]!);
    }
}
