using Signet.Core.Merkle;
using Signet.Core.Tiles;

namespace Signet.Log.Engine;

/// <summary>
/// Keeps the rightmost (still growing) hash tile of every tile level in memory and collects the tiles an
/// integration round produces (C2SP tlog-tiles "Merkle Tree": a level-L tile holds the nodes of tree level 8L).
/// </summary>
internal sealed class TileBuilder
{
    private readonly Dictionary<int, OpenTile> _open = [];
    private readonly HashSet<int> _touched = [];
    private readonly List<HashTile> _completed = [];

    /// <summary>Seeds a level with the stored partial tile of the committed tree.</summary>
    public void Seed(int level, ulong tileIndex, ReadOnlySpan<byte> hashes)
    {
        var open = new OpenTile(tileIndex);
        for (var i = 0; i + Rfc6962.HashSize <= hashes.Length; i += Rfc6962.HashSize)
        {
            open.Hashes.Add(hashes.Slice(i, Rfc6962.HashSize).ToArray());
        }

        _open[level] = open;
    }

    /// <summary>The <see cref="CompactRange.Append"/> callback: nodes on tile boundaries go into their tile.</summary>
    public void OnNewNode(NodeId id, byte[] hash)
    {
        if (id.Level % TileMath.TileHeight != 0)
        {
            return;
        }

        var level = id.Level / TileMath.TileHeight;
        var tileIndex = id.Index >> TileMath.TileHeight;
        var slot = (int)(id.Index & (TileMath.TileWidth - 1));
        if (!_open.TryGetValue(level, out var open) || open.Index != tileIndex)
        {
            open = new OpenTile(tileIndex);
            _open[level] = open;
        }

        if (slot != open.Hashes.Count)
        {
            throw new InvalidOperationException($"tile {level}/{tileIndex}: node {id.Index} arrived out of order (have {open.Hashes.Count})");
        }

        open.Hashes.Add(hash);
        _touched.Add(level);
        if (open.Hashes.Count == TileMath.TileWidth)
        {
            _completed.Add(new HashTile(new TileId(level, tileIndex, TileMath.TileWidth), Concat(open.Hashes)));
        }
    }

    /// <summary>Every tile this round produced: each tile completed, then each partial tile as of the end of the
    /// round (tlog-tiles: partial tiles are served for every checkpointed size). Resets the round.</summary>
    public List<HashTile> Drain()
    {
        var writes = new List<HashTile>(_completed);
        foreach (var level in _touched)
        {
            var open = _open[level];
            if (open.Hashes.Count is > 0 and < TileMath.TileWidth)
            {
                writes.Add(new HashTile(new TileId(level, open.Index, open.Hashes.Count), Concat(open.Hashes)));
            }
        }

        _completed.Clear();
        _touched.Clear();
        return writes;
    }

    private static byte[] Concat(List<byte[]> hashes)
    {
        var data = new byte[hashes.Count * Rfc6962.HashSize];
        for (var i = 0; i < hashes.Count; i++)
        {
            hashes[i].CopyTo(data, i * Rfc6962.HashSize);
        }

        return data;
    }

    private sealed class OpenTile(ulong index)
    {
        public ulong Index { get; } = index;

        public List<byte[]> Hashes { get; } = new(TileMath.TileWidth);
    }
}
