using Signet.Core.Merkle;
using Signet.Core.Tiles;

namespace Signet.Core.Tests.Tiles;

public sealed class HashTileTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(128)]
    [InlineData(200)]
    [InlineData(255)]
    [InlineData(256)]
    public void Every_node_equals_the_node_rehashed_from_the_tile(int width)
    {
        var data = new byte[width * 32];
        new Random(width).NextBytes(data);
        foreach (var level in new[] { 0, 2 })
        {
            var id = new TileId(level, 3, width);
            var tile = new HashTile(id, data);
            var checkedNodes = 0;
            for (var within = 0; within < TileMath.TileHeight; within++)
            {
                for (var slot = 0; (slot + 1) << within <= width; slot++)
                {
                    var node = new NodeId((level * TileMath.TileHeight) + within, (3UL << (TileMath.TileHeight - within)) + (ulong)slot);
                    Assert.Equal(TileMath.ReadNode(node, id, data), tile.GetNode(node));
                    checkedNodes++;
                }

                // The first node the tile is too narrow for is refused, as by ReadNode.
                var beyond = new NodeId((level * TileMath.TileHeight) + within, (3UL << (TileMath.TileHeight - within)) + (ulong)(width >> within));
                if (width >> within < TileMath.TileWidth >> within)
                {
                    Assert.Throws<SignetFormatException>(() => tile.GetNode(beyond));
                }
            }

            Assert.True(checkedNodes >= width);
        }
    }

    [Fact]
    public void Bad_tiles_and_foreign_nodes_are_refused()
    {
        Assert.Throws<SignetFormatException>(() => new HashTile(new TileId(0, 0, 4), new byte[100]));
        Assert.Throws<SignetFormatException>(() => new HashTile(new TileId(0, 0, 0), []));
        Assert.Throws<SignetFormatException>(() => new HashTile(new TileId(0, 0, 257), new byte[257 * 32]));
        var tile = new HashTile(new TileId(0, 0, 4), new byte[4 * 32]);
        Assert.Throws<ArgumentException>(() => tile.GetNode(new NodeId(0, 300))); // another tile
        Assert.Throws<ArgumentException>(() => tile.GetNode(new NodeId(8, 0))); // the tile level above
        Assert.Equal(MerkleTree.ComputeRoot(new byte[4 * 32]), tile.GetNode(new NodeId(2, 0)));
    }

    [Fact]
    public void Proofs_from_hash_tiles_equal_proofs_from_raw_tiles()
    {
        const ulong size = 70_000;
        var leaves = new byte[size * 32];
        new Random(7).NextBytes(leaves);
        var tree = new MerkleTreeStore(leaves);
        foreach (var index in new ulong[] { 0, 1, 255, 256, 65_535, 65_536, 69_999 })
        {
            var needed = TileMath.TilesForInclusion(index, size);
            var raw = needed.ToDictionary(t => t, tree.Tile);
            var built = needed.ToDictionary(t => t, t => new HashTile(t, tree.Tile(t)));
            var expected = InclusionProof.Build(index, size, new TileNodeSource(size, raw));
            var actual = InclusionProof.Build(index, size, new TileNodeSource(size, built));
            Assert.Equal(expected, actual);
            InclusionProof.Verify(index, size, leaves.AsSpan((int)index * 32, 32), actual, MerkleTree.ComputeRoot(leaves));
        }
    }

    /// <summary>The tiles of a tree kept as its leaf hashes: a level-L tile's hashes are roots of 256^L-leaf runs.</summary>
    private sealed class MerkleTreeStore(byte[] leaves)
    {
        public byte[] Tile(TileId t)
        {
            var span = 1L << (TileMath.TileHeight * t.Level);
            var data = new byte[t.Width * 32];
            for (var i = 0; i < t.Width; i++)
            {
                var first = (((long)t.Index * TileMath.TileWidth) + i) * span;
                MerkleTree.ComputeRoot(leaves.AsSpan((int)(first * 32), (int)(span * 32)), data.AsSpan(i * 32, 32));
            }

            return data;
        }
    }
}
