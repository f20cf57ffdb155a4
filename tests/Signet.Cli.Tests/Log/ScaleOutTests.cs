using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Cli.Tests.Log;

/// <summary>
/// Scale-out (issue 23): three <c>signet serve</c> processes with separate data directories (the same keys, copied)
/// and one PostgreSQL database that holds all of the log's state. Writers append through all three; one front end is
/// killed with SIGKILL mid-load and its writers move to the others, as behind a load balancer. Afterwards every
/// acknowledged entry is served by every survivor at its index, with an inclusion proof that verifies against that
/// survivor's signed checkpoint, and every checkpoint handed out is consistent with the final tree.
/// </summary>
[Collection("postgres")]
public sealed class ScaleOutTests(PostgresServer postgres) : IDisposable
{
    private const string Origin = "scale.test";
    private readonly string _root = Directory.CreateTempSubdirectory("signet-scale-").FullName;
    private readonly List<ServerProcess> _servers = [];

    [Fact]
    public async Task Three_front_ends_one_killed_mid_load_lose_no_acknowledged_entry_and_agree_on_one_tree()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGKILL and the PostgreSQL fixture are POSIX
        }

        var database = postgres.CreateDatabase();
        var dirs = Enumerable.Range(0, 3).Select(i => Path.Combine(_root, "fe" + i)).ToArray();
        var first = await StartAsync(dirs[0], database);
        foreach (var dir in dirs.Skip(1))
        {
            CopyDirectory(Path.Combine(dirs[0], "keys"), Path.Combine(dir, "keys")); // same keys, nothing else shared
        }

        var fronts = new List<ServerProcess> { first, await StartAsync(dirs[1], database), await StartAsync(dirs[2], database) };
        // Only keys and configuration on each front end's disk: no database, no tiles.
        Assert.All(dirs, d => Assert.DoesNotContain(Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories),
            f => f.EndsWith(".db", StringComparison.Ordinal) || f.Contains("tiles", StringComparison.Ordinal)));

        using var key = SigningKey.GenerateEcdsaP256();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var acknowledged = new ConcurrentDictionary<long, (byte[] Body, byte[] Checkpoint)>();
        var killed = -1;
        var next = 0;
        using var stop = new CancellationTokenSource();

        async Task WriterAsync(int writer)
        {
            var target = writer % fronts.Count;
            while (!stop.IsCancellationRequested)
            {
                if (target == Volatile.Read(ref killed))
                {
                    target = (target + 1) % fronts.Count; // the load balancer takes the dead front end out
                }

                var n = Interlocked.Increment(ref next);
                var request = HashedRekordRequest.V001(key, Encoding.UTF8.GetBytes($"scale artifact {n}"));
                try
                {
                    using var content = new StringContent(request, Encoding.UTF8, "application/json");
                    using var r = await http.PostAsync(new Uri(fronts[target].Url, "api/v1/log/entries"), content);
                    if (r.StatusCode != HttpStatusCode.Created)
                    {
                        continue; // not acknowledged (e.g. pushed back): nothing promised
                    }

                    using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                    var entry = doc.RootElement.EnumerateObject().Single().Value;
                    var checkpoint = Encoding.UTF8.GetBytes(entry.GetProperty("verification").GetProperty("inclusionProof").GetProperty("checkpoint").GetString()!);
                    Assert.True(acknowledged.TryAdd(entry.GetProperty("logIndex").GetInt64(), (Convert.FromBase64String(entry.GetProperty("body").GetString()!), checkpoint)),
                        "an index was acknowledged twice");
                }
                catch (HttpRequestException)
                {
                    // The front end died under this request: not acknowledged.
                }
            }
        }

        var writers = Enumerable.Range(0, 12).Select(w => Task.Run(() => WriterAsync(w))).ToArray();
        await UntilAsync(() => acknowledged.Count >= 150, "the writers got no acknowledgements");
        // The first front end started first, so it is the one most likely integrating: kill the integrator.
        Volatile.Write(ref killed, 0);
        fronts[0].Kill();
        var atKill = acknowledged.Count;
        await UntilAsync(() => acknowledged.Count >= atKill + 150, "the survivors stopped acknowledging after the kill");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var verifier = RekorNoteVerifier.Create(Origin, VerificationKey.FromPem(await http.GetStringAsync(new Uri(fronts[1].Url, "api/v1/log/publicKey"))));
        var highest = (ulong)acknowledged.Keys.Max();
        var finals = new List<Checkpoint>();
        foreach (var survivor in fronts.Skip(1))
        {
            Checkpoint final = null!;
            await UntilAsync(async () => (final = Open(Encoding.UTF8.GetBytes((await GetJsonAsync(http, survivor, "api/v1/log")).GetProperty("signedTreeHead").GetString()!), verifier)).Size > highest,
                "a survivor's checkpoint did not reach the acknowledged entries");
            finals.Add(final);
            foreach (var (index, (body, _)) in acknowledged)
            {
                var entry = (await GetJsonAsync(http, survivor, $"api/v1/log/entries?logIndex={index}")).EnumerateObject().Single().Value;
                Assert.Equal(body, Convert.FromBase64String(entry.GetProperty("body").GetString()!));
                var proof = entry.GetProperty("verification").GetProperty("inclusionProof");
                var served = Open(Encoding.UTF8.GetBytes(proof.GetProperty("checkpoint").GetString()!), verifier);
                InclusionProof.Verify((ulong)index, served.Size, Rfc6962.HashLeaf(body),
                    proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList(), served.RootHash);
            }
        }

        // One tree: the survivors agree at the smaller size, and every checkpoint acknowledged along the way is consistent with it.
        var last = finals.MaxBy(f => f.Size)!;
        foreach (var checkpoint in acknowledged.Values.Select(a => Open(a.Checkpoint, verifier)).Concat(finals).DistinctBy(c => c.Size))
        {
            if (checkpoint.Size == last.Size)
            {
                Assert.Equal(last.RootHash, checkpoint.RootHash);
                continue;
            }

            var consistency = await GetJsonAsync(http, fronts[1], $"api/v1/log/proof?firstSize={checkpoint.Size}&lastSize={last.Size}");
            ConsistencyProof.Verify(checkpoint.Size, last.Size,
                consistency.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList(), checkpoint.RootHash, last.RootHash);
        }
    }

    private async Task<ServerProcess> StartAsync(string dir, string database)
    {
        var server = await ServerProcess.StartAsync(dir, 0, "--log-origin", Origin, "--log-postgres", database);
        _servers.Add(server);
        return server;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, ServerProcess server, string path)
    {
        using var r = await http.GetAsync(new Uri(server.Url, path));
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path} on {server.Url}: {(int)r.StatusCode}");
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private static Checkpoint Open(byte[] note, INoteVerifier verifier)
    {
        var opened = NoteOpener.Open(note, [verifier]);
        Assert.NotEmpty(opened.Verified);
        return Checkpoint.Parse(opened.Text);
    }

    private static Task UntilAsync(Func<bool> condition, string failure) => UntilAsync(() => Task.FromResult(condition()), failure);

    private static async Task UntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    public void Dispose()
    {
        foreach (var s in _servers)
        {
            s.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
