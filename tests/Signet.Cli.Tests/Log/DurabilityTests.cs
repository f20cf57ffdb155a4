using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Log;

/// <summary>
/// The log's durability promise, tested against the real server process: several concurrent clients append while
/// the server is SIGKILLed at random moments and restarted; afterwards every acknowledged entry is at its
/// acknowledged index with identical content, and every checkpoint any client was given is consistent with the
/// final one (signature verifies, consistency proof verifies). Bounded: four kills, each after at least 20 acknowledgements plus a random 0–1 s.
/// </summary>
public sealed class DurabilityTests
{
    private const string Origin = "durability.test";
    private const int Clients = 6;
    private const int Kills = 4;
    private const int MinAcksPerRound = 20;

    private sealed record Ack(long Index, string Body, string Checkpoint);

    [Fact]
    public async Task Every_acknowledged_entry_and_checkpoint_survives_sigkill()
    {
        var dir = Directory.CreateTempSubdirectory("signet-durability-").FullName;
        var port = LoopbackPort.Free();
        var acks = new ConcurrentBag<Ack>();
        var random = new Random(20261126);
        var key = SigningKey.GenerateEcdsaP256();
        var counter = 0;
        try
        {
            for (var round = 0; round < Kills; round++)
            {
                using var server = await ServerProcess.StartAsync(dir, port, "--log-origin", Origin);
                using var stop = new CancellationTokenSource();
                var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(() => AppendUntilFailureAsync(server.Url, key, () => Interlocked.Increment(ref counter), acks, stop.Token))).ToArray();
                // Let each round acknowledge some entries whatever the machine's load, then kill at a random moment.
                var before = acks.Count;
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (acks.Count - before < MinAcksPerRound && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(20);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1000)));
                server.Kill(); // SIGKILL with requests in flight
                await stop.CancelAsync();
                await Task.WhenAll(clients);
            }

            Assert.True(acks.Count >= Kills * MinAcksPerRound, $"only {acks.Count} entries were acknowledged");
            using var final = await ServerProcess.StartAsync(dir, port, "--log-origin", Origin);
            using var http = new HttpClient { BaseAddress = final.Url, Timeout = TimeSpan.FromSeconds(30) };
            var logKey = VerificationKey.FromPem(await http.GetStringAsync(new Uri("api/v1/log/publicKey", UriKind.Relative)));
            var verifier = RekorNoteVerifier.Create(Origin, logKey);
            using var info = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/v1/log", UriKind.Relative)));
            var finalCheckpoint = CheckpointVerifier.Verify(Encoding.UTF8.GetBytes(info.RootElement.GetProperty("signedTreeHead").GetString()!), verifier, Origin).Checkpoint;

            // Every acknowledged entry: same index, same body, included in the final tree.
            var byIndex = acks.GroupBy(a => a.Index).ToArray();
            Assert.All(byIndex, g => Assert.Single(g.Select(a => a.Body).Distinct()));
            await Parallel.ForEachAsync(byIndex, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (g, ct) =>
            {
                var ack = g.First();
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/v1/log/entries?logIndex={ack.Index}", UriKind.Relative), ct));
                var entry = doc.RootElement.EnumerateObject().Single().Value;
                Assert.Equal(ack.Body, entry.GetProperty("body").GetString());
                var proof = entry.GetProperty("verification").GetProperty("inclusionProof");
                Assert.Equal((long)finalCheckpoint.Size, proof.GetProperty("treeSize").GetInt64());
                InclusionProof.Verify((ulong)ack.Index, finalCheckpoint.Size, Rfc6962.HashLeaf(Convert.FromBase64String(ack.Body)),
                    proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList(), finalCheckpoint.RootHash);
            });

            // Every checkpoint handed out: signed by the log and consistent with the final one.
            var checkpoints = acks.Select(a => a.Checkpoint).Distinct().Select(c => CheckpointVerifier.Verify(Encoding.UTF8.GetBytes(c), verifier, Origin).Checkpoint).ToArray();
            foreach (var c in checkpoints.DistinctBy(c => c.Size))
            {
                Assert.True(c.Size <= finalCheckpoint.Size);
                Assert.All(checkpoints.Where(o => o.Size == c.Size), o => Assert.Equal(c.RootHash, o.RootHash)); // never two roots for one size
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/v1/log/proof?firstSize={c.Size}&lastSize={finalCheckpoint.Size}", UriKind.Relative)));
                var hashes = doc.RootElement.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList();
                ConsistencyProof.Verify(c.Size, finalCheckpoint.Size, hashes, c.RootHash, finalCheckpoint.RootHash);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task AppendUntilFailureAsync(Uri url, SigningKey key, Func<int> next, ConcurrentBag<Ack> acks, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        while (!stop.IsCancellationRequested)
        {
            var artifact = Encoding.UTF8.GetBytes($"durable artifact {next()} {Guid.NewGuid()}");
            var request = HashedRekordRequest.V001(key, artifact);
            try
            {
                using var content = new StringContent(request, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri("api/v1/log/entries", UriKind.Relative), content, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    continue;
                }

                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                using var doc = JsonDocument.Parse(text); // a cut-off body means "not acknowledged"
                var entry = doc.RootElement.EnumerateObject().Single().Value;
                acks.Add(new Ack(
                    entry.GetProperty("logIndex").GetInt64(),
                    entry.GetProperty("body").GetString()!,
                    entry.GetProperty("verification").GetProperty("inclusionProof").GetProperty("checkpoint").GetString()!));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
            {
                return; // the server was killed: stop this client
            }
        }
    }

}
