using System.Numerics;
using Signet.Core.Merkle;

namespace Signet.Core.Tests.Merkle;

/// <summary>The append-only frontier: roots, reported nodes, restore.</summary>
public sealed class CompactRangeTests
{
    private const int Size = 1100;
    private static readonly TestTree Tree = new(Size, salt: 3);

    [Fact]
    public void Root_equals_full_root_for_every_size_to_1100()
    {
        var range = new CompactRange();
        var leaves = Tree.ConcatenatedLeaves(Size);
        for (var size = 0; size <= Size; size++)
        {
            if (size > 0)
            {
                range.Append(Tree.Leaves[size - 1]);
            }

            var expected = Tree.Root(size);
            Assert.Equal((ulong)size, range.End);
            Assert.Equal(BitOperations.PopCount((uint)size), range.Hashes.Count);
            Assert.Equal(expected, range.GetRootHash());
            Assert.Equal(expected, MerkleTree.ComputeRoot(leaves.AsSpan(0, size * 32)));
        }
    }

    [Fact]
    public void Every_completed_node_is_reported_once_with_its_hash()
    {
        var range = new CompactRange();
        var reported = new Dictionary<NodeId, byte[]>();
        const int n = 300;
        for (var i = 0; i < n; i++)
        {
            range.Append(Tree.Leaves[i], (id, hash) => reported.Add(id, hash));
        }

        // A tree of n leaves has 2n - popcount(n) complete perfect subtrees (leaves included).
        Assert.Equal((2 * n) - BitOperations.PopCount((uint)n), reported.Count);
        foreach (var (id, hash) in reported)
        {
            Assert.Equal(Tree.GetNode(id), hash);
        }
    }

    [Fact]
    public void Restored_range_continues_like_the_original()
    {
        for (var cut = 0; cut <= 40; cut++)
        {
            var original = new CompactRange();
            for (var i = 0; i < cut; i++)
            {
                original.Append(Tree.Leaves[i]);
            }

            var restored = CompactRange.Restore(original.End, original.Hashes);
            for (var i = cut; i < 70; i++)
            {
                restored.Append(Tree.Leaves[i]);
            }

            Assert.Equal(Tree.Root(70), restored.GetRootHash());
        }
    }

    [Fact]
    public void Restore_refuses_inconsistent_state()
    {
        var h = new byte[32];
        Assert.Throws<SignetFormatException>(() => CompactRange.Restore(3, [h]));
        Assert.Throws<SignetFormatException>(() => CompactRange.Restore(1, [h, h]));
        Assert.Throws<SignetFormatException>(() => CompactRange.Restore(1, [new byte[31]]));
        Assert.Throws<SignetFormatException>(() => CompactRange.Restore(1, [null!]));
        Assert.Throws<SignetFormatException>(() => CompactRange.Restore(1UL << 63, [h]));
        Assert.Throws<SignetFormatException>(() => new CompactRange().Append(new byte[33]));
    }
}
