using Signet.Core.Tiles;

namespace Signet.Log.Engine;

/// <summary>
/// The most recently used hash tiles in memory, bounded in bytes, each with the nodes it implies computed on first
/// use (<see cref="HashTile"/>). Safe because every tile is immutable (C2SP tlog-tiles: a path always names the
/// same bytes). The integrator puts what it writes here, so proofs at the newest checkpoint (the rightmost partial
/// tiles) and the few upper-level tiles every proof passes through are built without touching the disk and without
/// rehashing a tile per proof.
/// </summary>
internal sealed class TileCache(long capacityBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Path, HashTile Tile)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Path, HashTile Tile)> _order = new(); // most recent first
    private long _bytes;

    public bool TryGet(string path, out HashTile tile)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(path, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                tile = node.Value.Tile;
                return true;
            }
        }

        tile = null!;
        return false;
    }

    public void Put(HashTile tile)
    {
        if (tile.ByteCount > capacityBytes)
        {
            return;
        }

        var path = tile.Id.HashTilePath;
        lock (_gate)
        {
            if (_map.ContainsKey(path))
            {
                return;
            }

            _map[path] = _order.AddFirst((path, tile));
            _bytes += tile.ByteCount;
            while (_bytes > capacityBytes && _order.Last is { } last)
            {
                _order.RemoveLast();
                _map.Remove(last.Value.Path);
                _bytes -= last.Value.Tile.ByteCount;
            }
        }
    }
}
