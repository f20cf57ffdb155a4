using Signet.Log.Engine;

namespace Signet.Log.Tests.Engine;

public sealed class TileCacheTests
{
    [Fact]
    public void Keeps_the_most_recently_used_objects_within_its_byte_budget()
    {
        var cache = new TileCache(capacityBytes: 3 * 100);
        cache.Put("a", new byte[100]);
        cache.Put("b", new byte[100]);
        cache.Put("c", new byte[100]);
        Assert.True(cache.TryGet("a", out _)); // a is now the most recent; b the least
        cache.Put("d", new byte[100]);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.True(cache.TryGet("d", out var d));
        Assert.Equal(100, d.Length);
    }

    [Fact]
    public void An_object_larger_than_the_budget_is_not_kept()
    {
        var cache = new TileCache(capacityBytes: 10);
        cache.Put("big", new byte[11]);
        Assert.False(cache.TryGet("big", out _));
    }
}
