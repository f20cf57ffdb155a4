using Signet.Core.Merkle;

namespace Signet.Core.Tests.Merkle;

/// <summary>
/// An in-memory log for tests: leaf i is the 8-byte big-endian number i (plus a salt), and every node hash is
/// the literal RFC 6962 MTH of its leaf range (see <see cref="ReferenceMerkle"/>), so proofs built from it check
/// the production index maths against the definition.
/// </summary>
internal sealed class TestTree : INodeSource
{
    private readonly List<byte[]> _leaves = [];
    private readonly Dictionary<NodeId, byte[]> _cache = [];

    public TestTree(int size, int salt = 0)
    {
        for (var i = 0; i < size; i++)
        {
            var data = new byte[12];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(data, i);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), salt);
            _leaves.Add(ReferenceMerkle.Leaf(data));
        }
    }

    public IReadOnlyList<byte[]> Leaves => _leaves;

    public int Requests { get; private set; }

    public byte[] Root(int size) => ReferenceMerkle.Mth(_leaves, 0, size);

    public byte[] ConcatenatedLeaves(int size)
    {
        var all = new byte[size * 32];
        for (var i = 0; i < size; i++)
        {
            _leaves[i].CopyTo(all, i * 32);
        }

        return all;
    }

    public byte[] GetNode(NodeId id)
    {
        Requests++;
        var begin = checked((int)id.Begin);
        var end = checked((int)id.End);
        if (end > _leaves.Count)
        {
            throw new InvalidOperationException($"node {id} is beyond the tree");
        }

        if (!_cache.TryGetValue(id, out var hash))
        {
            hash = ReferenceMerkle.Mth(_leaves, begin, end);
            _cache[id] = hash;
        }

        return hash;
    }
}
