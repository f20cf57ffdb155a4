using Signet.Core.Merkle;
using Signet.Core.Tiles;

namespace Signet.Core.Tests.Tiles;

/// <summary>C2SP tlog-tiles geometry ("Merkle Tree", "Partial Tiles").</summary>
public sealed class TileMathTests
{
    [Fact]
    public void Spec_example_tree_of_70000()
    {
        // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0 tile of width
        // 112, one full level 1 tile, one partial level 1 tile of width 17, and one partial level 2 tile of width 1."
        Assert.Equal(
            [new TileId(0, 273, 112), new TileId(1, 1, 17), new TileId(2, 0, 1)],
            TileMath.PartialTiles(70_000));
        Assert.Equal(112, TileMath.PartialWidth(0, 70_000));
        Assert.Equal(17, TileMath.PartialWidth(1, 70_000));
        Assert.Equal(1, TileMath.PartialWidth(2, 70_000));
        Assert.Equal(0, TileMath.PartialWidth(3, 70_000));
    }

    [Fact]
    public void Spec_example_tree_of_256()
    {
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1."
        Assert.Equal([new TileId(1, 0, 1)], TileMath.PartialTiles(256));
        Assert.Equal(new TileId(0, 0, 256), TileMath.TileForNode(new NodeId(0, 255), 256));
        Assert.Empty(TileMath.PartialTiles(0));
        Assert.Equal(0, TileMath.PartialWidth(9, ulong.MaxValue));
    }

    [Theory]
    [InlineData(0, 1000UL, 0, 3UL, 256)]
    [InlineData(0, 69_990UL, 0, 273UL, 112)]
    [InlineData(3, 5UL, 0, 0UL, 256)] // leaves 40..47, inside level-0 tile 0
    [InlineData(7, 545UL, 0, 272UL, 256)] // leaves 69,760..69,887: the last full level-0 tile
    [InlineData(8, 0UL, 1, 0UL, 256)]
    [InlineData(8, 272UL, 1, 1UL, 17)]
    [InlineData(9, 135UL, 1, 1UL, 17)] // leaves 69,120..69,631: level-1 hashes 270-271
    [InlineData(16, 0UL, 2, 0UL, 1)]
    public void Tile_of_a_node_at_70000(int level, ulong index, int tileLevel, ulong tileIndex, int width)
    {
        Assert.Equal(new TileId(tileLevel, tileIndex, width), TileMath.TileForNode(new NodeId(level, index), 70_000));
    }

    [Fact]
    public void Nodes_outside_the_tree_are_refused()
    {
        Assert.Throws<SignetFormatException>(() => TileMath.TileForNode(new NodeId(0, 70_000), 70_000));
        Assert.Throws<SignetFormatException>(() => TileMath.TileForNode(new NodeId(4, 4375), 70_000)); // leaves 70,000..70,015
        Assert.Throws<SignetFormatException>(() => TileMath.TileForNode(new NodeId(64, 0), ulong.MaxValue));
        Assert.Throws<SignetFormatException>(() => TileMath.TileForNode(new NodeId(-1, 0), 5));
        Assert.Throws<SignetFormatException>(() => TileMath.EntryBundleFor(5, 5));
        Assert.Equal(new TileId(0, 0, 5), TileMath.EntryBundleFor(4, 5));
        Assert.Equal(new TileId(0, 1, 256), TileMath.EntryBundleFor(256, 70_000));
    }

    [Fact]
    public void Reading_a_node_checks_the_tile_bytes()
    {
        var tile = new TileId(0, 0, 4);
        var data = new byte[4 * 32];
        data[0] = 1;
        var leaf0 = data[..32];
        Assert.Equal(leaf0, TileMath.ReadNode(new NodeId(0, 0), tile, data));
        Assert.Equal(MerkleTree.ComputeRoot(data), TileMath.ReadNode(new NodeId(2, 0), tile, data));
        Assert.Throws<SignetFormatException>(() => TileMath.ReadNode(new NodeId(0, 0), tile, data.AsSpan(0, 100)));
        Assert.Throws<SignetFormatException>(() => TileMath.ReadNode(new NodeId(3, 0), tile, data)); // needs 8 hashes
        Assert.Throws<ArgumentException>(() => TileMath.ReadNode(new NodeId(0, 300), tile, data)); // other tile
        Assert.Throws<SignetFormatException>(() => TileMath.ReadNode(new NodeId(0, 0), tile with { Width = 0 }, []));
    }
}
