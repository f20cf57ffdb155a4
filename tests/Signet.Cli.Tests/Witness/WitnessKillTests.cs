using System.Net;
using System.Text;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Cli.Tests.Witness;

/// <summary>
/// C2SP tlog-witness: a witness that forgets a size it cosigned can be made to cosign a split view. A real
/// <c>signet witness serve</c> is killed (SIGKILL) right after its answer, past a background WAL checkpoint, and the
/// restarted witness knows the size it last cosigned.
/// </summary>
public sealed class WitnessKillTests : IDisposable
{
    private const string Origin = "killed.test/log";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-witness-kill-").FullName;
    private readonly SigningKey _logKey = SigningKey.GenerateEd25519();
    private readonly Dictionary<NodeId, byte[]> _nodes = [];
    private readonly CompactRange _range = new();

    private string LogFlag => $"{Origin}={Ed25519NoteKey.FormatVerifier(Origin, _logKey.PublicKey.SpkiDer.AsSpan(12))}";

    [Fact]
    public async Task A_witness_killed_right_after_its_answer_restarts_knowing_the_size_it_cosigned()
    {
        var data = Path.Combine(_dir, "w");
        // More commits than the store's checkpoint interval: a background checkpoint has run (or is running) at the kill.
        var last = (ulong)Signet.Witness.WitnessStore.CheckpointEvery + 7;
        using (var witness = await WitnessProcess.StartAsync(data, WitnessProcess.FreePort(), "witness.test/k", LogFlag))
        using (var http = new HttpClient { BaseAddress = witness.Url })
        {
            for (ulong size = 1; size <= last; size++)
            {
                using var r = await PostAsync(http, Grow(size));
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }

            witness.Kill(); // SIGKILL, at once after the last 200
        }

        using var restarted = await WitnessProcess.StartAsync(data, WitnessProcess.FreePort(), "witness.test/k", LogFlag);
        using var again = new HttpClient { BaseAddress = restarted.Url };
        _ = Grow(last + 1);
        using var conflict = await PostAsync(again, Request(0, last + 1));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal($"{last}\n", await conflict.Content.ReadAsStringAsync());
        using var ok = await PostAsync(again, Request(last, last + 1));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    public void Dispose()
    {
        _logKey.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] body) =>
        http.PostAsync(new Uri("add-checkpoint", UriKind.Relative), new ByteArrayContent(body));

    // Appends one leaf (the tree now has `size` leaves) and returns the request from the size before.
    private byte[] Grow(ulong size)
    {
        var leaf = Rfc6962.HashLeaf(Encoding.UTF8.GetBytes($"entry {size}"));
        _nodes[new NodeId(0, size - 1)] = leaf;
        _range.Append(leaf, (id, hash) => _nodes[id] = hash);
        return Request(size - 1, size);
    }

    private byte[] Request(ulong old, ulong size)
    {
        var note = NoteOpener.Sign(new Checkpoint(Origin, size, _range.GetRootHash(), []).Format(), RekorNoteSigner.Create(Origin, _logKey));
        var proof = old == 0 ? [] : ConsistencyProof.Build(old, size, new Nodes(_nodes));
        return new AddCheckpointRequest(old, proof, note).Format();
    }

    private sealed class Nodes(Dictionary<NodeId, byte[]> nodes) : INodeSource
    {
        public byte[] GetNode(NodeId id) => nodes[id];
    }
}
