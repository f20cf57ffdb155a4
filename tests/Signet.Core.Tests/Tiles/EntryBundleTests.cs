using Signet.Core.Tiles;

namespace Signet.Core.Tests.Tiles;

/// <summary>C2SP tlog-tiles "Log entries": big-endian uint16 length-prefixed entries.</summary>
public sealed class EntryBundleTests
{
    [Fact]
    public void Entries_are_framed_with_big_endian_uint16_lengths()
    {
        var bundle = EntryBundle.Encode([new byte[] { 0xAA }, Array.Empty<byte>(), new byte[300]]);
        Assert.Equal(new byte[] { 0x00, 0x01, 0xAA, 0x00, 0x00, 0x01, 0x2C }, bundle[..7]);
        Assert.Equal(2 + 1 + 2 + 0 + 2 + 300, bundle.Length);

        var entries = EntryBundle.Decode(bundle);
        Assert.Equal(3, entries.Count);
        Assert.Equal(new byte[] { 0xAA }, entries[0]);
        Assert.Empty(entries[1]);
        Assert.Equal(300, entries[2].Length);
        Assert.Equal(3, EntryBundle.Decode(bundle, 3).Count);
    }

    [Fact]
    public void Largest_entry_round_trips_and_one_byte_more_is_refused()
    {
        var largest = new byte[ushort.MaxValue];
        largest[^1] = 9;
        var decoded = EntryBundle.Decode(EntryBundle.Encode([largest]));
        Assert.Equal(largest, decoded[0]);

        var ex = Assert.Throws<SignetFormatException>(() => EntryBundle.Encode([new byte[ushort.MaxValue + 1]]));
        Assert.Contains("65536 bytes", ex.Message);
    }

    [Fact]
    public void More_than_256_entries_are_refused_both_ways()
    {
        var many = Enumerable.Range(0, 257).Select(_ => new ReadOnlyMemory<byte>([1])).ToList();
        Assert.Throws<SignetFormatException>(() => EntryBundle.Encode(many));
        var framed = Enumerable.Range(0, 257).SelectMany(_ => new byte[] { 0, 1, 7 }).ToArray();
        Assert.Throws<SignetFormatException>(() => EntryBundle.Decode(framed));
        Assert.Equal(256, EntryBundle.Decode(framed.AsSpan(0, 256 * 3)).Count);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })] // half a length prefix
    [InlineData(new byte[] { 0x00, 0x02, 0x01 })] // body shorter than its prefix
    [InlineData(new byte[] { 0x00, 0x01, 0x01, 0xFF })] // trailing garbage
    [InlineData(new byte[] { 0xFF, 0xFF })]
    public void Truncated_bundles_are_refused(byte[] bundle)
    {
        Assert.Throws<SignetFormatException>(() => EntryBundle.Decode(bundle));
    }

    [Fact]
    public void Wrong_entry_count_is_refused()
    {
        var bundle = EntryBundle.Encode([new byte[] { 1 }, new byte[] { 2 }]);
        Assert.Throws<SignetFormatException>(() => EntryBundle.Decode(bundle, 3));
    }
}
