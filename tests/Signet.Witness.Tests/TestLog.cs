using System.Text;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Witness.Tests;

/// <summary>A log in memory with a real Ed25519 checkpoint key: leaves, roots, signed checkpoints and consistency
/// proofs for any sizes, so a test can play an honest log or a forking one.</summary>
internal sealed class TestLog : INodeSource, IDisposable
{
    private readonly List<byte[]> _leaves = [];
    private readonly SigningKey _key = SigningKey.GenerateEd25519();

    public TestLog(string origin = "log.example/a") => Origin = origin;

    public string Origin { get; }

    public ulong Size => (ulong)_leaves.Count;

    /// <summary>The log's verifier key (type 0x01), as a witness is configured with it.</summary>
    public string VerifierKey => Ed25519NoteKey.FormatVerifier(Origin, _key.PublicKey.SpkiDer.AsSpan(12));

    public WitnessedLog Witnessed => WitnessedLog.Parse(Origin + "=" + VerifierKey);

    public void Append(int count, string salt = "")
    {
        for (var i = 0; i < count; i++)
        {
            _leaves.Add(Rfc6962.HashLeaf(Encoding.UTF8.GetBytes($"entry {_leaves.Count}{salt}")));
        }
    }

    /// <summary>A copy with the same key and the same first <paramref name="size"/> leaves (a fork starts here).</summary>
    public TestLog Fork(ulong size)
    {
        var fork = new TestLog(Origin, _key);
        fork._leaves.AddRange(_leaves.Take((int)size));
        return fork;
    }

    public byte[] Root(ulong size) => size == 0 ? Rfc6962.EmptyRoot.ToArray() : RootOf(0, (int)size);

    public byte[] Checkpoint(ulong? size = null, SigningKey? key = null)
    {
        var s = size ?? Size;
        return NoteOpener.Sign(new Checkpoint(Origin, s, Root(s), []).Format(), RekorNoteSigner.Create(Origin, key ?? _key));
    }

    public IReadOnlyList<byte[]> Proof(ulong from, ulong to) => from == 0 || from == to ? [] : ConsistencyProof.Build(from, to, this);

    /// <summary>The add-checkpoint body from <paramref name="old"/> to the current size (or <paramref name="to"/>).</summary>
    public byte[] Request(ulong old, ulong? to = null)
    {
        var size = to ?? Size;
        return new AddCheckpointRequest(old, Proof(old, size), Checkpoint(size)).Format();
    }

    public byte[] GetNode(NodeId id) => RootOf((int)id.Begin, (int)id.End);

    public void Dispose() => _key.Dispose();

    private TestLog(string origin, SigningKey key)
    {
        Origin = origin;
        _key = SigningKey.FromPkcs8(key.ExportPkcs8());
    }

    private byte[] RootOf(int begin, int end)
    {
        var all = new byte[(end - begin) * Rfc6962.HashSize];
        for (var i = begin; i < end; i++)
        {
            _leaves[i].CopyTo(all, (i - begin) * Rfc6962.HashSize);
        }

        return MerkleTree.ComputeRoot(all);
    }
}
