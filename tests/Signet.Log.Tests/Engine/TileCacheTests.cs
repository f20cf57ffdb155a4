using Signet.Core.Tiles;
using Signet.Log.Engine;

namespace Signet.Log.Tests.Engine;

public sealed class TileCacheTests
{
    // A 4-hash tile is 128 bytes of data and counts twice that (its computed upper nodes).
    private static HashTile Tile(ulong index) => new(new TileId(0, index, 4), new byte[4 * 32]);

    [Fact]
    public void Keeps_the_most_recently_used_tiles_within_its_byte_budget()
    {
        var cache = new TileCache(capacityBytes: 3 * 256);
        cache.Put(Tile(1));
        cache.Put(Tile(2));
        cache.Put(Tile(3));
        Assert.True(cache.TryGet(Tile(1).Id.HashTilePath, out _)); // 1 is now the most recent; 2 the least
        cache.Put(Tile(4));
        Assert.False(cache.TryGet(Tile(2).Id.HashTilePath, out _));
        Assert.True(cache.TryGet(Tile(1).Id.HashTilePath, out _));
        Assert.True(cache.TryGet(Tile(3).Id.HashTilePath, out _));
        Assert.True(cache.TryGet(Tile(4).Id.HashTilePath, out var d));
        Assert.Equal(new TileId(0, 4, 4), d.Id);
    }

    [Fact]
    public void A_tile_larger_than_the_budget_is_not_kept()
    {
        var cache = new TileCache(capacityBytes: 255);
        cache.Put(Tile(1));
        Assert.False(cache.TryGet(Tile(1).Id.HashTilePath, out _));
    }
}
