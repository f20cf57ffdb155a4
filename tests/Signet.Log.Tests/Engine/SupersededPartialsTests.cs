using Signet.Log.Engine;

namespace Signet.Log.Tests.Engine;

/// <summary>The rule of <see cref="SupersededPartials"/>: a partial tile or bundle is superseded only when the tree holds
/// the same coordinates wider; the retained size is the newest checkpoint published at least the grace ago.</summary>
public sealed class SupersededPartialsTests
{
    [Theory]
    [InlineData("tile/0/000.p/23", 24UL, true)] // a longer partial
    [InlineData("tile/0/000.p/23", 256UL, true)] // the full tile
    [InlineData("tile/0/000.p/23", 23UL, false)] // still the tree's own partial
    [InlineData("tile/0/000.p/23", 10UL, false)] // a tree older than the partial
    [InlineData("tile/0/001.p/5", 300UL, true)]
    [InlineData("tile/0/001.p/44", 300UL, false)]
    [InlineData("tile/1/000.p/1", 511UL, false)] // 511 >> 8 = 1 hash at level 1
    [InlineData("tile/1/000.p/1", 512UL, true)]
    [InlineData("tile/entries/000.p/23", 24UL, true)]
    [InlineData("tile/entries/x001/000.p/3", 256_004UL, true)]
    [InlineData("tile/entries/x001/000.p/3", 256_003UL, false)]
    [InlineData("tile/0/000", 1000UL, false)] // full tiles never
    [InlineData("tile/entries/000", 1000UL, false)]
    [InlineData("tile/9/000.p/1", ulong.MaxValue, false)] // level 9 is beyond any tree: shift of 72 bits
    [InlineData("tile/0/x072/x057/x594/x037/x927/936.p/1", ulong.MaxValue, false)] // index beyond any tree
    [InlineData("checkpoint", 1000UL, false)]
    [InlineData("tile/0/000.p/023", 1000UL, false)] // not canonical: not a tile path
    public void A_partial_is_superseded_only_by_a_wider_tile_of_its_coordinates(string path, ulong treeSize, bool superseded) =>
        Assert.Equal(superseded, SupersededPartials.IsSuperseded(path, treeSize));

    [Fact]
    public void The_retained_size_is_the_newest_published_at_least_the_grace_ago()
    {
        var start = DateTimeOffset.UnixEpoch;
        var partials = new SupersededPartials(TimeSpan.FromSeconds(60));
        partials.Published(10, start);
        partials.Published(20, start.AddSeconds(30));
        partials.Published(30, start.AddSeconds(50));
        Assert.Null(partials.RetainedSize(start.AddSeconds(59)));
        Assert.Equal(10UL, partials.RetainedSize(start.AddSeconds(60)));
        Assert.Equal(20UL, partials.RetainedSize(start.AddSeconds(100)));
        Assert.Equal(30UL, partials.RetainedSize(start.AddHours(1)));
        Assert.Equal(30UL, partials.RetainedSize(start.AddHours(2))); // stays at the last one that aged
    }
}
