using System.Text;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Cli.Tests.Witness;

/// <summary>
/// A log for a real witness process to cosign: leaves <c>entry N</c> in an RFC 6962 tree, checkpoints signed with its
/// own Ed25519 key, and the C2SP tlog-witness <c>add-checkpoint</c> bodies with consistency proofs.
/// </summary>
public sealed class CheckpointingLog(string origin) : IDisposable
{
    private readonly SigningKey _key = SigningKey.GenerateEd25519();
    private readonly Dictionary<NodeId, byte[]> _nodes = [];
    private readonly CompactRange _range = new();

    public string Origin => origin;

    public ulong Size { get; private set; }

    /// <summary><c>ORIGIN=VERIFIER_KEY</c>, as <c>signet witness serve --log</c> takes it.</summary>
    public string Flag => $"{origin}={Ed25519NoteKey.FormatVerifier(origin, _key.PublicKey.Ed25519Raw)}";

    /// <summary>Appends one leaf and returns the request from the size before.</summary>
    public byte[] Grow()
    {
        var leaf = Rfc6962.HashLeaf(Encoding.UTF8.GetBytes($"entry {Size}"));
        _nodes[new NodeId(0, Size)] = leaf;
        _range.Append(leaf, (id, hash) => _nodes[id] = hash);
        Size++;
        return Request(Size - 1);
    }

    /// <summary>The log's signed checkpoint at its current size.</summary>
    public byte[] Checkpoint() =>
        NoteOpener.Sign(new Checkpoint(origin, Size, _range.GetRootHash(), []).Format(), RekorNoteSigner.Create(origin, _key));

    /// <summary>The request for the current checkpoint from <paramref name="old"/>, with its consistency proof.</summary>
    public byte[] Request(ulong old)
    {
        var proof = old == 0 ? [] : ConsistencyProof.Build(old, Size, new Nodes(_nodes));
        return new AddCheckpointRequest(old, proof, Checkpoint()).Format();
    }

    public void Dispose() => _key.Dispose();

    private sealed class Nodes(Dictionary<NodeId, byte[]> nodes) : INodeSource
    {
        public byte[] GetNode(NodeId id) => nodes[id];
    }
}
