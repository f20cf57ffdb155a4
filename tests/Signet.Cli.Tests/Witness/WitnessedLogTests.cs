using System.Diagnostics;
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
/// A Signet log with real <c>signet witness serve</c> witnesses, all separate processes: checkpoints are cosigned in
/// the background and served with the cosignatures (Rekor v2 answers, <c>/api/v2/checkpoint</c>), the verifiers check
/// the quorum, and a witness that stops does not stop the log.
/// </summary>
public sealed class WitnessedLogTests : IDisposable
{
    private const string Origin = "witnessed.test";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-witnessed-").FullName;
    private readonly SigningKey _signer = SigningKey.GenerateEcdsaP256();
    private int _artifacts;

    [Fact]
    public async Task A_log_with_two_witnesses_and_quorum_2_serves_checkpoints_both_cosigned_and_the_verifiers_check_them()
    {
        var logVkey = LogVerifierKey("log");
        using var w1 = await WitnessProcess.StartAsync(Path.Combine(_dir, "w1"), LoopbackPort.Free(), "witness.test/w1", $"{Origin}={logVkey}");
        using var w2 = await WitnessProcess.StartAsync(Path.Combine(_dir, "w2"), LoopbackPort.Free(), "witness.test/w2", $"{Origin}={logVkey}");
        using var log = await ServerProcess.StartAsync(Path.Combine(_dir, "log"), LoopbackPort.Free(),
            "--log-origin", Origin, "--witness", w1.Flag, "--witness", w2.Flag, "--witness-quorum", "2", "--witness-timeout", "30");
        using var http = new HttpClient { BaseAddress = log.Url };
        var quorum = new WitnessQuorum([NoteVerifierKey.ParseCosigner(w1.VerifierKey), NoteVerifierKey.ParseCosigner(w2.VerifierKey)], 2);

        // Each answer waits for a checkpoint both witnesses cosigned: the inclusion proof's checkpoint carries both.
        for (var i = 0; i < 3; i++)
        {
            var entry = await AppendV2Async(http);
            var checkpoint = Encoding.UTF8.GetBytes(entry["inclusionProof"]!["checkpoint"]!["envelope"]!.GetValue<string>());
            Assert.Equal(2, quorum.Check(checkpoint).Count);
            Assert.True(ulong.Parse(entry["inclusionProof"]!["treeSize"]!.GetValue<string>()) > ulong.Parse(entry["logIndex"]!.GetValue<string>()));
        }

        var v1 = await AppendV1Async(http);
        var v1Checkpoint = v1.First().Value!["verification"]!["inclusionProof"]!["checkpoint"]!.GetValue<string>();
        Assert.Equal(2, quorum.Check(Encoding.UTF8.GetBytes(v1Checkpoint)).Count);

        // The tlog-tiles checkpoint too; and each witness serves what it cosigned at its monitoring endpoint.
        var served = await http.GetByteArrayAsync(new Uri("api/v2/checkpoint", UriKind.Relative));
        Assert.Equal(2, quorum.Check(served).Count);
        var file = Path.Combine(_dir, "checkpoint.txt");
        await File.WriteAllBytesAsync(file, served);
        using var witnessHttp = new HttpClient();
        var originHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Origin)));
        var fromWitness = await witnessHttp.GetByteArrayAsync(new Uri(w1.Url, originHash + "/checkpoint"));
        Assert.Equal(4UL, CheckpointVerifier.Verify(fromWitness, NoteVerifierKey.Parse(logVkey)).Checkpoint.Size);

        // signet checkpoint verify: the quorum of the given witnesses, or exit 1.
        var ok = SignetProcess.Run("checkpoint", "verify", file, "--key", logVkey, "--witness-key", w1.VerifierKey, "--witness-key", w2.VerifierKey, "--witness-quorum", "2");
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        using var strangerSigner = new CosignatureV1Signer("witness.test/w3", RandomNumberGenerator.GetBytes(32), TimeProvider.System);
        var stranger = strangerSigner.VerifierKey;
        var refused = SignetProcess.Run("checkpoint", "verify", file, "--key", logVkey, "--witness-key", w1.VerifierKey, "--witness-key", stranger, "--witness-quorum", "2");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("cosigned by 1 of the trusted witnesses, 2 required", refused.StdErr, StringComparison.Ordinal);
        var usage = SignetProcess.Run("checkpoint", "verify", file, "--key", logVkey, "--witness-key", w1.VerifierKey, "--witness-quorum", "2");
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    public async Task A_witness_that_stops_does_not_stop_the_log_nor_slow_its_answers()
    {
        var logVkey = LogVerifierKey("log");
        using var w1 = await WitnessProcess.StartAsync(Path.Combine(_dir, "w1"), LoopbackPort.Free(), "witness.test/w1", $"{Origin}={logVkey}");
        using var w2 = await WitnessProcess.StartAsync(Path.Combine(_dir, "w2"), LoopbackPort.Free(), "witness.test/w2", $"{Origin}={logVkey}");
        using var log = await ServerProcess.StartAsync(Path.Combine(_dir, "log"), LoopbackPort.Free(),
            "--log-origin", Origin, "--witness", w1.Flag, "--witness", w2.Flag, "--witness-quorum", "1", "--witness-timeout", "30");
        using var http = new HttpClient { BaseAddress = log.Url };
        var w1Only = new WitnessQuorum([NoteVerifierKey.ParseCosigner(w1.VerifierKey)], 1);

        await AppendV2Async(http); // warm-up: JIT, connections
        var before = await MedianAppendAsync(http, 15);
        w2.Kill();
        var after = await MedianAppendAsync(http, 15, entry => w1Only.Check(Encoding.UTF8.GetBytes(entry["inclusionProof"]!["checkpoint"]!["envelope"]!.GetValue<string>())));

        // Appends go on with the other witness's cosignature, and take about as long (generous bound for a busy machine).
        Assert.True(after < (before * 3) + 100, $"median append {before:F0} ms with both witnesses, {after:F0} ms with one stopped");

        // Both down: answers come once the quorum times out — the log itself never stops.
        w1.Kill();
        using var fast = await ServerProcess.StartAsync(Path.Combine(_dir, "log2"), LoopbackPort.Free(),
            "--log-origin", Origin + "2", "--witness", w1.Flag, "--witness-quorum", "1", "--witness-timeout", "0.2");
        using var http2 = new HttpClient { BaseAddress = fast.Url };
        var entry = await AppendV2Async(http2);
        Assert.Empty(WitnessQuorum.None.Check(Encoding.UTF8.GetBytes(entry["inclusionProof"]!["checkpoint"]!["envelope"]!.GetValue<string>())));
    }

    private async Task<double> MedianAppendAsync(HttpClient http, int count, Action<JsonNode>? check = null)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var sw = Stopwatch.StartNew();
            var entry = await AppendV2Async(http);
            times.Add(sw.Elapsed.TotalMilliseconds);
            check?.Invoke(entry);
        }

        times.Sort();
        return times[count / 2];
    }

    /// <summary>The log's checkpoint key made before the log starts, so witnesses can be told its verifier key.</summary>
    private string LogVerifierKey(string logDir)
    {
        using var key = LogKey.LoadOrCreate(Path.Combine(_dir, logDir, "keys"), Origin);
        return key.VerifierKey;
    }

    private async Task<JsonNode> AppendV2Async(HttpClient http)
    {
        var artifact = Encoding.UTF8.GetBytes($"witnessed artifact {Interlocked.Increment(ref _artifacts)} {Guid.NewGuid()}");
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
        return JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
    }

    private async Task<JsonObject> AppendV1Async(HttpClient http)
    {
        var artifact = Encoding.UTF8.GetBytes($"witnessed v1 artifact {Interlocked.Increment(ref _artifacts)} {Guid.NewGuid()}");
        using var content = new StringContent(HashedRekordRequest.V001(_signer, artifact), Encoding.UTF8, "application/json");
        using var r = await http.PostAsync(new Uri("api/v1/log/entries", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return JsonNode.Parse(await r.Content.ReadAsStringAsync())!.AsObject();
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
