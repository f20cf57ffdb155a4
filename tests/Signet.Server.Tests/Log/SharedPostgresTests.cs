using System.Globalization;
using System.Net;
using System.Text;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Server.Tests.Log;

/// <summary>
/// Scale-out (DESIGN.md "Storage and scale"): two in-process Signet servers share one PostgreSQL database (all log
/// state: sequencing, integration lock, tiles) and one data directory (keys). Appends through both at once must build one log: every
/// acknowledged entry present exactly once at its index, readable through either front end, and every checkpoint
/// either front end handed out consistent with the final tree.
/// </summary>
[Collection("postgres")]
public sealed class SharedPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task Two_front_ends_on_one_database_build_one_consistent_log()
    {
        var database = postgres.CreateDatabase();
        var dir = Directory.CreateTempSubdirectory("signet-shared-").FullName;
        SignetServerOptions Shared(SignetServerOptions o) =>
            o with { DataDirectory = dir, Services = new HashSet<string> { "log" }, LogOrigin = "shared.test", LogPostgresConnectionString = database };
        await using var a = await TestServer.StartAsync(Shared);
        await using var b = await TestServer.StartAsync(Shared);

        const int n = 60;
        var artifacts = Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetBytes($"shared artifact {i}")).ToArray();
        var results = await Task.WhenAll(artifacts.Select((artifact, i) => Task.Run(() =>
            LogRequests.PostAsync(i % 2 == 0 ? a.Http : b.Http, "/api/v2/log/entries", LogRequests.HashedRekordV002(artifact).ToJsonString()))));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Response.StatusCode));

        var (keyResponse, _) = await LogRequests.GetAsync(a.Http, "/api/v1/log/publicKey");
        var pem = await keyResponse.Content.ReadAsStringAsync();
        var (keyResponseB, _) = await LogRequests.GetAsync(b.Http, "/api/v1/log/publicKey");
        Assert.Equal(pem, await keyResponseB.Content.ReadAsStringAsync());
        var verifier = RekorNoteVerifier.Create("shared.test", VerificationKey.FromPem(pem));

        var indices = results.Select(r => ulong.Parse(r.Json.GetProperty("logIndex").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, n).Select(i => (ulong)i), indices.Order()); // each acknowledged once, no gaps

        // Both front ends converge on one tree of n entries.
        var finals = new List<Checkpoint>();
        foreach (var server in new[] { a, b })
        {
            Checkpoint final;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                final = Open(await server.Http.GetByteArrayAsync(new Uri("/api/v2/checkpoint", UriKind.Relative)), verifier);
            }
            while (final.Size < n && DateTime.UtcNow < deadline && await Delay());

            finals.Add(final);
        }

        Assert.All(finals, f => Assert.Equal((ulong)n, f.Size));
        Assert.Equal(finals[0].RootHash, finals[1].RootHash);

        for (var i = 0; i < n; i++)
        {
            var tle = results[i].Json;
            var index = indices[i];
            var body = tle.GetProperty("canonicalizedBody").GetBytesFromBase64();
            var proof = tle.GetProperty("inclusionProof");
            var checkpoint = Open(Encoding.UTF8.GetBytes(proof.GetProperty("checkpoint").GetProperty("envelope").GetString()!), verifier);
            InclusionProof.Verify(index, checkpoint.Size, Rfc6962.HashLeaf(body),
                proof.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64()).ToList(), checkpoint.RootHash);

            // The other front end serves the same entry, and proves the checkpoint this one handed out consistent.
            var other = i % 2 == 0 ? b : a;
            var (byIndex, entry) = await LogRequests.GetAsync(other.Http, $"/api/v1/log/entries?logIndex={index}");
            Assert.Equal(HttpStatusCode.OK, byIndex.StatusCode);
            Assert.Equal(body, Convert.FromBase64String(entry.EnumerateObject().Single().Value.GetProperty("body").GetString()!));
            if (checkpoint.Size < (ulong)n)
            {
                var (_, consistency) = await LogRequests.GetAsync(other.Http, $"/api/v1/log/proof?firstSize={checkpoint.Size}&lastSize={n}");
                ConsistencyProof.Verify(checkpoint.Size, (ulong)n,
                    consistency.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList(),
                    checkpoint.RootHash, finals[0].RootHash);
            }
        }
    }

    private static Checkpoint Open(byte[] note, INoteVerifier verifier)
    {
        var opened = NoteOpener.Open(note, [verifier]);
        Assert.NotEmpty(opened.Verified);
        return Checkpoint.Parse(opened.Text);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(50);
        return true;
    }
}
