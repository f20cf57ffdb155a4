using Signet.Core.Merkle;
using Signet.Core.Tests.Merkle;
using Signet.Core.Tiles;

namespace Signet.Core.Tests.Tiles;

/// <summary>
/// Proofs and roots computed from tiles only (as a client of a tlog-tiles log does) equal those of the reference
/// tree, including partial tiles at every level and the full-tile fallback.
/// </summary>
public sealed class TileProofTests
{
    private const int Size = 70_000;
    private static readonly TestTree Tree = new(Size, salt: 5);
    private static readonly object Gate = new();

    /// <summary>A tile as a log serves it: hash k is the level-8L node at N·256 + k (the reference MTH).</summary>
    private static byte[] Serve(TileId tile)
    {
        var data = new byte[tile.Width * 32];
        for (var k = 0; k < tile.Width; k++)
        {
            Tree.GetNode(new NodeId(8 * tile.Level, (tile.Index * 256) + (ulong)k)).CopyTo(data, k * 32);
        }

        return data;
    }

    private static TileNodeSource Fetch(IEnumerable<TileId> tiles, ulong size) =>
        new(size, tiles.Distinct().ToDictionary(t => t, Serve));

    [Theory]
    [InlineData(0UL, 1UL)]
    [InlineData(0UL, 70_000UL)]
    [InlineData(69_999UL, 70_000UL)]
    [InlineData(65_535UL, 65_536UL)]
    [InlineData(65_536UL, 65_537UL)]
    [InlineData(12_345UL, 66_000UL)]
    [InlineData(255UL, 256UL)]
    [InlineData(256UL, 257UL)]
    [InlineData(300UL, 513UL)]
    public void Inclusion_proof_from_tiles_matches_the_tree(ulong index, ulong size)
    {
        lock (Gate)
        {
            var tiles = TileMath.TilesForInclusion(index, size);
            var proof = InclusionProof.Build(index, size, Fetch(tiles, size));
            Assert.Equal(InclusionProof.Build(index, size, Tree), proof);
            var root = MerkleTree.RootFromNodes(size, Fetch(TileMath.TilesForRoot(size), size));
            Assert.Equal(Tree.Root((int)size), root);
            InclusionProof.Verify(index, size, Tree.Leaves[(int)index], proof, root);
        }
    }

    [Theory]
    [InlineData(1UL, 70_000UL)]
    [InlineData(256UL, 70_000UL)]
    [InlineData(65_536UL, 70_000UL)]
    [InlineData(1_000UL, 65_537UL)]
    [InlineData(69_999UL, 70_000UL)]
    [InlineData(300UL, 301UL)]
    public void Consistency_proof_from_tiles_matches_the_tree(ulong size1, ulong size2)
    {
        lock (Gate)
        {
            var proof = ConsistencyProof.Build(size1, size2, Fetch(TileMath.TilesForConsistency(size1, size2), size2));
            Assert.Equal(ConsistencyProof.Build(size1, size2, Tree), proof);
            ConsistencyProof.Verify(size1, size2, proof, Tree.Root((int)size1), Tree.Root((int)size2));
        }
    }

    [Fact]
    public void Proof_tiles_exist_at_the_tree_size_and_are_few()
    {
        var tiles = TileMath.TilesForInclusion(12_345, 70_000);
        Assert.All(tiles, t => Assert.True(t.Width == 256 || t.Width == TileMath.PartialWidth(t.Level, 70_000)));
        Assert.InRange(tiles.Count, 1, 6);
        Assert.Contains(new TileId(0, 12_345 / 256, 256), tiles);
    }

    [Fact]
    public void Full_tile_may_stand_in_for_a_partial_one_and_missing_tiles_are_named()
    {
        lock (Gate)
        {
            const ulong size = 600;
            var needed = TileMath.TilesForInclusion(599, size);
            Assert.Contains(new TileId(0, 2, 88), needed);
            var fetched = needed.Select(t => t.IsPartial && t.Level == 0 ? t with { Width = 256 } : t).ToDictionary(t => t, Serve);
            var proof = InclusionProof.Build(599, size, new TileNodeSource(size, fetched));
            Assert.Equal(InclusionProof.Build(599, size, Tree), proof);

            var ex = Assert.Throws<InvalidOperationException>(() => InclusionProof.Build(599, size, new TileNodeSource(size, new Dictionary<TileId, byte[]>())));
            Assert.Contains("tile/0/002.p/88", ex.Message);
        }
    }
}
