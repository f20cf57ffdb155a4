using System.Buffers.Binary;

namespace Signet.Core.Tiles;

/// <summary>
/// C2SP tlog-tiles entry bundles: a sequence of log entries, each prefixed by its length as a big-endian uint16
/// (so an entry is at most 65,535 bytes), at most 256 entries per bundle.
/// </summary>
public static class EntryBundle
{
    /// <summary>Largest entry a uint16 length prefix can describe.</summary>
    public const int MaxEntrySize = ushort.MaxValue;

    /// <summary>Entries in a full bundle (same as a full level-0 tile).</summary>
    public const int MaxEntries = TileMath.TileWidth;

    /// <summary>Frames <paramref name="entries"/> into a bundle; refuses oversize entries and more than 256 entries.</summary>
    public static byte[] Encode(IEnumerable<ReadOnlyMemory<byte>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        if (list.Count > MaxEntries)
        {
            throw new SignetFormatException($"entry bundle: {list.Count} entries, at most {MaxEntries} fit a bundle");
        }

        var total = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Length > MaxEntrySize)
            {
                throw new SignetFormatException(
                    $"entry bundle: entry {i} is {list[i].Length} bytes, at most {MaxEntrySize} fit a uint16 length prefix");
            }

            total += 2 + list[i].Length;
        }

        var bundle = new byte[total];
        var offset = 0;
        foreach (var entry in list)
        {
            // tlog-tiles "Log entries": big-endian uint16 length-prefixed entries.
            BinaryPrimitives.WriteUInt16BigEndian(bundle.AsSpan(offset, 2), (ushort)entry.Length);
            entry.Span.CopyTo(bundle.AsSpan(offset + 2));
            offset += 2 + entry.Length;
        }

        return bundle;
    }

    /// <summary>Splits a bundle into its entries; truncated or overlong bundles are refused.</summary>
    public static IReadOnlyList<byte[]> Decode(ReadOnlySpan<byte> bundle)
    {
        var entries = new List<byte[]>();
        var offset = 0;
        while (offset < bundle.Length)
        {
            if (entries.Count == MaxEntries)
            {
                throw new SignetFormatException($"entry bundle: more than {MaxEntries} entries");
            }

            if (bundle.Length - offset < 2)
            {
                throw new SignetFormatException($"entry bundle: truncated length prefix of entry {entries.Count} at byte {offset}");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(bundle.Slice(offset, 2));
            offset += 2;
            if (bundle.Length - offset < length)
            {
                throw new SignetFormatException(
                    $"entry bundle: entry {entries.Count} claims {length} bytes, only {bundle.Length - offset} remain");
            }

            entries.Add(bundle.Slice(offset, length).ToArray());
            offset += length;
        }

        return entries;
    }

    /// <summary>Decodes a bundle and checks it holds exactly <paramref name="expectedCount"/> entries (its tile width).</summary>
    public static IReadOnlyList<byte[]> Decode(ReadOnlySpan<byte> bundle, int expectedCount)
    {
        var entries = Decode(bundle);
        if (entries.Count != expectedCount)
        {
            throw new SignetFormatException($"entry bundle: {entries.Count} entries, expected {expectedCount}");
        }

        return entries;
    }
}
