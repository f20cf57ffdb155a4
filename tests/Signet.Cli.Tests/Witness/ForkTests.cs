using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Log.Engine;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Witness;

/// <summary>
/// A real fork: two log servers started from copies of one data directory (same name, same keys), each appending
/// different entries. The witness cosigns whichever reaches it first and refuses the other; the monitor catches the
/// fork from the witness's view and from its own remembered checkpoint, reporting both checkpoints, exit 1.
/// </summary>
public sealed class ForkTests : IDisposable
{
    private const string Origin = "forked.test";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-fork-").FullName;
    private readonly SigningKey _signer = SigningKey.GenerateEcdsaP256();
    private int _artifacts;

    [Fact]
    public async Task A_forked_log_is_refused_by_the_witness_and_caught_by_the_monitor()
    {
        var dirA = Path.Combine(_dir, "a");
        string logVkey;
        using (var key = LogKey.LoadOrCreate(Path.Combine(dirA, "keys"), Origin))
        {
            logVkey = key.VerifierKey;
        }

        using var witness = await WitnessProcess.StartAsync(Path.Combine(_dir, "w"), LoopbackPort.Free(), "witness.test/w1", $"{Origin}={logVkey}");
        var witnessKey = NoteVerifierKey.ParseCosigner(witness.VerifierKey);
        var config = Path.Combine(_dir, "monitor.yaml");
        await File.WriteAllTextAsync(config, $"startIndex: 0\nmonitoredValues:\n  fingerprints:\n    - sha256:{Convert.ToHexStringLower(SHA256.HashData(_signer.PublicKey.SpkiDer))}\n");

        // One log, three entries, cosigned by the witness; the monitor finds the signer's three entries.
        var stateA = Path.Combine(_dir, "state-a.json");
        using (var a = await StartLogAsync(dirA, witness))
        {
            using var http = new HttpClient { BaseAddress = a.Url };
            for (var i = 0; i < 3; i++)
            {
                await AppendAsync(http);
            }

            await WaitForWitnessAsync(witness, logVkey, 3);
            var first = Monitor(a.Url, stateA, config, witness);
            Assert.True(first.ExitCode == 0, first.StdErr);
            var lines = first.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.Equal([0L, 1L, 2L], lines.Select(l => l["index"]!.GetValue<long>()));
            Assert.All(lines, l => Assert.Equal("fingerprint", l["matchedBy"]!.GetValue<string>()));
            Assert.All(lines, l => Assert.StartsWith("sha256:", l["digest"]!.GetValue<string>(), StringComparison.Ordinal));
            Assert.Contains("1 witness(es) agree", first.StdErr, StringComparison.Ordinal);
        }

        // The fork: a copy of the stopped log's directory; each copy appends its own entries.
        var dirB = Path.Combine(_dir, "b");
        CopyDirectory(dirA, dirB);
        using var logA = await StartLogAsync(dirA, witness);
        using var logB = await StartLogAsync(dirB, witness);
        using var httpA = new HttpClient { BaseAddress = logA.Url };
        using var httpB = new HttpClient { BaseAddress = logB.Url };
        await AppendAsync(httpB);
        await AppendAsync(httpB);
        var cosignedB = await WaitForWitnessAsync(witness, logVkey, 5);
        await AppendAsync(httpA);
        await AppendAsync(httpA);

        // The witness refuses A's checkpoint of size 5 (it cosigned B's): A serves it without the witness's line.
        var checkpointA = await httpA.GetByteArrayAsync(new Uri("api/v2/checkpoint", UriKind.Relative));
        var rootA = CheckpointVerifier.Verify(checkpointA, NoteVerifierKey.Parse(logVkey)).Checkpoint;
        Assert.Equal(5UL, rootA.Size);
        Assert.False(rootA.RootHash.AsSpan().SequenceEqual(cosignedB.RootHash));
        await Task.Delay(1000);
        var servedA = await httpA.GetByteArrayAsync(new Uri("api/v2/checkpoint", UriKind.Relative));
        Assert.Throws<NoteVerificationException>(() => { new WitnessQuorum([witnessKey], 1).Check(servedA); });
        Assert.Equal(cosignedB.RootHash, (await WaitForWitnessAsync(witness, logVkey, 5)).RootHash);

        // The monitor, watching A with the witness: two checkpoints of size 5 with different roots.
        var caught = Monitor(logA.Url, stateA, config, witness);
        Assert.True(caught.ExitCode == 1, caught.StdOut + caught.StdErr);
        var report = JsonNode.Parse(caught.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last())!;
        Assert.Contains("two roots for tree size 5", report["inconsistency"]!.GetValue<string>(), StringComparison.Ordinal);
        var reported = report["checkpoints"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Contains(Convert.ToBase64String(cosignedB.RootHash), reported[0], StringComparison.Ordinal);
        Assert.Contains(Convert.ToBase64String(rootA.RootHash), reported[1], StringComparison.Ordinal);

        // Without the witness: a monitor that remembers B's checkpoint of size 5 catches A's other root.
        var stateB = Path.Combine(_dir, "state-b.json");
        Assert.Equal(0, Monitor(logB.Url, stateB, config).ExitCode);
        var fromState = Monitor(logA.Url, stateB, config);
        Assert.Equal(1, fromState.ExitCode);
        Assert.Contains("does not extend the one remembered", fromState.StdOut, StringComparison.Ordinal);
    }

    private static SignetProcess.Result Monitor(Uri log, string state, string config, WitnessProcess? witness = null)
    {
        string[] args = ["log", "monitor", "--url", log.ToString(), "--config", config, "--state", state, "--once"];
        return SignetProcess.Run(witness is null ? args : [.. args, "--witness", witness.Flag]);
    }

    private static Task<ServerProcess> StartLogAsync(string dir, WitnessProcess witness) =>
        ServerProcess.StartAsync(dir, LoopbackPort.Free(), "--log-origin", Origin, "--witness", witness.Flag);

    /// <summary>Polls the witness's monitoring endpoint until it has cosigned <paramref name="size"/>.</summary>
    private static async Task<Checkpoint> WaitForWitnessAsync(WitnessProcess witness, string logVkey, ulong size)
    {
        using var http = new HttpClient();
        var url = new Uri(witness.Url, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Origin))) + "/checkpoint");
        for (var i = 0; i < 200; i++)
        {
            using var r = await http.GetAsync(url);
            if (r.StatusCode == HttpStatusCode.OK)
            {
                var cp = CheckpointVerifier.Verify(await r.Content.ReadAsByteArrayAsync(), NoteVerifierKey.Parse(logVkey)).Checkpoint;
                if (cp.Size == size)
                {
                    return cp;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the witness did not cosign size {size}");
    }

    private async Task AppendAsync(HttpClient http)
    {
        var artifact = Encoding.UTF8.GetBytes($"fork artifact {Interlocked.Increment(ref _artifacts)} {Guid.NewGuid()}");
        var request = new JsonObject
        {
            ["hashedRekordRequestV002"] = new JsonObject
            {
                ["digest"] = Convert.ToBase64String(SHA256.HashData(artifact)),
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(_signer.Sign(artifact)),
                    ["verifier"] = new JsonObject { ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(_signer.PublicKey.SpkiDer) }, ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256" },
                },
            },
        };
        using var r = await http.PostAsJsonAsync(new Uri("api/v2/log/entries", UriKind.Relative), request);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
        _signer.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
