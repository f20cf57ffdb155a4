using System.Text;
using Signet.Core.Bundles;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Testing.Sigstore;

/// <summary>
/// A log's RFC 6962 Merkle tree in memory: leaves are appended, and each append answers with an inclusion proof
/// (<see cref="InclusionProof.Build"/>) against a C2SP checkpoint signed by the log's note signer.
/// </summary>
internal sealed class InMemoryTree(string origin, INoteSigner signer) : INodeSource
{
    private readonly List<byte[]> _leaves = [];
    private readonly Lock _lock = new();

    public int Size
    {
        get
        {
            lock (_lock)
            {
                return _leaves.Count;
            }
        }
    }

    /// <summary>Appends the leaf of <paramref name="body"/>; returns its index and its proof in the tree just grown.</summary>
    public (long Index, TlogInclusionProof Proof) Append(byte[] body)
    {
        lock (_lock)
        {
            var index = (ulong)_leaves.Count;
            _leaves.Add(Rfc6962.HashLeaf(body));
            var size = index + 1;
            var root = RangeRoot(0, size);
            var proof = InclusionProof.Build(index, size, this);
            var checkpoint = new Checkpoint(origin, size, root, []).Format();
            var signature = new NoteSignature(signer.Name, signer.KeyHash, signer.Sign(Encoding.UTF8.GetBytes(checkpoint)));
            var note = Encoding.UTF8.GetString(new SignedNote(checkpoint, [signature]).Format());
            return ((long)index, new TlogInclusionProof((long)index, root, (long)size, proof, note));
        }
    }

    /// <summary>A perfect subtree's hash: the root of the leaves it spans.</summary>
    public byte[] GetNode(NodeId id) => RangeRoot(id.Begin, id.End);

    private byte[] RangeRoot(ulong begin, ulong end) =>
        MerkleTree.ComputeRoot(_leaves.Skip((int)begin).Take((int)(end - begin)).SelectMany(l => l).ToArray());
}
