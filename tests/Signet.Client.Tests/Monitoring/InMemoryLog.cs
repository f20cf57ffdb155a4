using System.Text;
using Signet.Client.Monitoring;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Client.Tests.Monitoring;

/// <summary>
/// A transparency log in memory, as a monitor sees it: leaves appended on demand, checkpoints signed with a real key
/// (Rekor v1 style, named after the origin's host), consistency proofs built from the tree. A test can make it lie:
/// serve another head, or a proof that does not lead where it should.
/// </summary>
internal sealed class InMemoryLog : IMonitoredLog, INodeSource, IDisposable
{
    private readonly List<byte[]> _leaves = [];

    public SigningKey Key { get; } = SigningKey.GenerateEcdsaP256();

    /// <summary>When set, served instead of the true head.</summary>
    public string? ForgedHead { get; set; }

    /// <summary>When set, served instead of the true consistency proof.</summary>
    public IReadOnlyList<byte[]>? ForgedProof { get; set; }

    public int ProofRequests { get; private set; }

    public ulong Size => (ulong)_leaves.Count;

    public void Append(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _leaves.Add(Rfc6962.HashLeaf(Encoding.UTF8.GetBytes($"entry {_leaves.Count}")));
        }
    }

    public byte[] Root(ulong size) => size == 0 ? Rfc6962.EmptyRoot.ToArray() : MerkleTree.ComputeRoot(Concatenated(0, (int)size));

    /// <summary>A checkpoint for (size, root) signed with <paramref name="key"/> (default: the log's).</summary>
    public string SignedCheckpoint(ulong size, byte[] root, SigningKey? key = null) =>
        Encoding.UTF8.GetString(NoteOpener.Sign(new Checkpoint("log.test - 1", size, root, []).Format(), RekorNoteSigner.Create("log.test", key ?? Key)));

    public Task<LogHead> GetHeadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new LogHead(ForgedHead ?? SignedCheckpoint(Size, Root(Size)), "1"));

    public Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong firstSize, ulong lastSize, CancellationToken cancellationToken)
    {
        ProofRequests++;
        return Task.FromResult(ForgedProof ?? ConsistencyProof.Build(firstSize, lastSize, this));
    }

    public Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken) => Task.FromResult(Key.PublicKey.ToPem());

    public byte[] GetNode(NodeId id) => MerkleTree.ComputeRoot(Concatenated((int)id.Begin, (int)id.End));

    public void Dispose() => Key.Dispose();

    private byte[] Concatenated(int begin, int end)
    {
        var all = new byte[(end - begin) * Rfc6962.HashSize];
        for (var i = begin; i < end; i++)
        {
            _leaves[i].CopyTo(all, (i - begin) * Rfc6962.HashSize);
        }

        return all;
    }
}
