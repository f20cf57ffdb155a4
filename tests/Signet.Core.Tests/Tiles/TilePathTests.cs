using Signet.Core.Tiles;

namespace Signet.Core.Tests.Tiles;

/// <summary>C2SP tlog-tiles path encoding ("Merkle Tree" and "Log entries" sections), golden values from the spec.</summary>
public sealed class TilePathTests
{
    [Theory]
    [InlineData(0UL, "000")]
    [InlineData(7UL, "007")]
    [InlineData(999UL, "999")]
    [InlineData(1000UL, "x001/000")]
    [InlineData(1234067UL, "x001/x234/067")] // the spec's example
    [InlineData(18446744073709551615UL, "x018/x446/x744/x073/x709/x551/615")]
    public void Index_encoding_uses_3_digit_groups_prefixed_with_x(ulong index, string expected)
    {
        Assert.Equal(expected, TilePath.EncodeIndex(index));
        Assert.True(TilePath.TryParseIndex(expected, out var parsed));
        Assert.Equal(index, parsed);
    }

    [Fact]
    public void Hash_tile_and_entry_bundle_paths()
    {
        Assert.Equal("tile/0/x001/x234/067", TilePath.HashTile(0, 1234067));
        Assert.Equal("tile/0/x001/x234/067.p/8", TilePath.HashTile(0, 1234067, 8));
        Assert.Equal("tile/63/000", TilePath.HashTile(63, 0));
        Assert.Equal("tile/entries/x001/x234/067", TilePath.EntryBundle(1234067));
        Assert.Equal("tile/entries/273.p/112", TilePath.EntryBundle(273, 112));
        Assert.Equal("tile/1/001.p/17", new TileId(1, 1, 17).HashTilePath);
        Assert.Equal("tile/2/000", new TileId(2, 0, 256).HashTilePath);
    }

    [Theory]
    [InlineData("tile/0/x001/x234/067", 0, 1234067UL, 256)]
    [InlineData("tile/0/x001/x234/067.p/8", 0, 1234067UL, 8)]
    [InlineData("tile/5/000.p/255", 5, 0UL, 255)]
    [InlineData("tile/63/999.p/1", 63, 999UL, 1)]
    public void Hash_tile_paths_parse_back(string path, int level, ulong index, int width)
    {
        Assert.True(TilePath.TryParseHashTile(path, out var tile));
        Assert.Equal(new TileId(level, index, width), tile);
        Assert.Equal(path, tile.HashTilePath);
    }

    [Theory]
    [InlineData("tile/entries/x001/x234/067", 1234067UL, 256)]
    [InlineData("tile/entries/000.p/1", 0UL, 1)]
    public void Entry_bundle_paths_parse_back(string path, ulong index, int width)
    {
        Assert.True(TilePath.TryParseEntryBundle(path, out var bundle));
        Assert.Equal(new TileId(0, index, width), bundle);
        Assert.Equal(path, bundle.EntryBundlePath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tile/")]
    [InlineData("tile/0/")]
    [InlineData("tile/0/1")] // not zero-padded
    [InlineData("tile/0/0001")]
    [InlineData("tile/0/x001")] // last element carries x
    [InlineData("tile/0/001/002")] // non-final element without x
    [InlineData("tile/0/x000/001")] // leading zero group: not canonical
    [InlineData("tile/00/000")] // level with leading zero
    [InlineData("tile/64/000")] // level above 63
    [InlineData("tile/-1/000")]
    [InlineData("tile/0/000.p/0")] // width 0
    [InlineData("tile/0/000.p/256")] // a full tile has no suffix
    [InlineData("tile/0/000.p/08")]
    [InlineData("tile/0/000.p/")]
    [InlineData("tile/0/000.p/8/")]
    [InlineData("tile/0/x018/x446/x744/x073/x709/x551/616")] // ulong overflow
    [InlineData("tile/0/x999/x999/x999/x999/x999/x999/x999/999")]
    [InlineData("tile/0/0a0")]
    [InlineData("tile/0/000/")]
    [InlineData("tile/entries/000")] // entries is not a level
    [InlineData("/tile/0/000")]
    public void Malformed_hash_tile_paths_are_refused(string path)
    {
        Assert.False(TilePath.TryParseHashTile(path, out _));
    }

    [Theory]
    [InlineData("tile/entries/")]
    [InlineData("tile/entries/1")]
    [InlineData("tile/entries/000.p/256")]
    [InlineData("tile/0/000")]
    [InlineData("tile/entries/x000/000")]
    public void Malformed_entry_bundle_paths_are_refused(string path)
    {
        Assert.False(TilePath.TryParseEntryBundle(path, out _));
    }

    [Fact]
    public void Formatting_refuses_out_of_range_levels_and_widths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.HashTile(64, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.HashTile(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.HashTile(0, 0, 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => TilePath.EntryBundle(0, -1));
    }
}
