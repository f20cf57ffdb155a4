using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// Recomputes a tile of the published tree that the tile store has lost (a file deleted, or a tiles directory restored
/// without it) from the sequenced entries the database keeps: a level-0 hash tile is the RFC 6962 leaf hashes of its
/// entries, a tile above is the roots of the full tiles below it (C2SP tlog-tiles), an entry bundle is its entries'
/// bodies. Before, a lost full tile made every proof through it fail (Rekor v1 lookups answered 500, the tile 404);
/// only a lost partial tile was rebuilt, and only when the integrator started. What is recomputed is served and
/// cached, not written back: the tile store is the integrator's, and a proof from it is verified by its reader
/// against the signed checkpoint like any other.
/// </summary>
internal static class LostTiles
{
    /// <summary>The stored hashes of hash tile <paramref name="id"/>, from the entries (level 0) or from the full tiles
    /// of the level below, which <paramref name="below"/> gives (from the store, or recomputed in turn).</summary>
    public static async Task<byte[]> HashTileDataAsync(TileId id, ISequencer sequencer, Func<TileId, Task<HashTile>> below, CancellationToken cancellationToken)
    {
        var data = new byte[id.Width * Rfc6962.HashSize];
        if (id.Level == 0)
        {
            var entries = await EntriesAsync(id, sequencer, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < entries.Count; i++)
            {
                Rfc6962.HashLeaf(entries[i].Body, data.AsSpan(i * Rfc6962.HashSize, Rfc6962.HashSize));
            }

            return data;
        }

        for (var j = 0; j < id.Width; j++)
        {
            var child = await below(new TileId(id.Level - 1, (id.Index << TileMath.TileHeight) + (ulong)j, TileMath.TileWidth)).ConfigureAwait(false);
            RootOf(child.Data).CopyTo(data.AsSpan(j * Rfc6962.HashSize));
        }

        return data;
    }

    /// <summary>The entry bundle <paramref name="id"/> (C2SP tlog-tiles), from the entries.</summary>
    public static async Task<byte[]> EntryBundleAsync(TileId id, ISequencer sequencer, CancellationToken cancellationToken)
    {
        var entries = await EntriesAsync(id, sequencer, cancellationToken).ConfigureAwait(false);
        return EntryBundle.Encode(entries.Select(e => (ReadOnlyMemory<byte>)e.Body));
    }

    private static async Task<IReadOnlyList<StoredEntry>> EntriesAsync(TileId id, ISequencer sequencer, CancellationToken cancellationToken)
    {
        var start = id.Index << TileMath.TileHeight;
        var entries = await sequencer.ReadEntriesAsync(start, id.Width, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < id.Width; i++)
        {
            if (i >= entries.Count || entries[i].Index != start + (ulong)i)
            {
                throw new InvalidOperationException($"tile {id.HashTilePath} is missing and so is entry {start + (ulong)i} of the published tree; the log store is corrupt");
            }
        }

        return entries;
    }

    /// <summary>The root of a full tile's 256 stored hashes: a perfect subtree of height 8.</summary>
    private static byte[] RootOf(ReadOnlySpan<byte> hashes)
    {
        var level = hashes.ToArray();
        for (var count = level.Length / Rfc6962.HashSize; count > 1; count /= 2)
        {
            var up = new byte[count / 2 * Rfc6962.HashSize];
            for (var k = 0; k < count / 2; k++)
            {
                Rfc6962.HashChildren(
                    level.AsSpan(2 * k * Rfc6962.HashSize, Rfc6962.HashSize),
                    level.AsSpan((2 * k + 1) * Rfc6962.HashSize, Rfc6962.HashSize),
                    up.AsSpan(k * Rfc6962.HashSize, Rfc6962.HashSize));
            }

            level = up;
        }

        return level;
    }
}
