namespace Signet.Log.Engine;

/// <summary>
/// The most recently used tile-store objects in memory, bounded in bytes. Safe because every object is immutable
/// (C2SP tlog-tiles: a path always names the same bytes). The integrator puts what it writes here, so proofs at the
/// newest checkpoint (the rightmost partial tiles) and the few upper-level tiles every proof passes through are
/// served without touching the disk.
/// </summary>
internal sealed class TileCache(long capacityBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Path, byte[] Data)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Path, byte[] Data)> _order = new(); // most recent first
    private long _bytes;

    public bool TryGet(string path, out byte[] data)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(path, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                data = node.Value.Data;
                return true;
            }
        }

        data = [];
        return false;
    }

    public void Put(string path, byte[] data)
    {
        if (data.Length > capacityBytes)
        {
            return;
        }

        lock (_gate)
        {
            if (_map.ContainsKey(path))
            {
                return;
            }

            _map[path] = _order.AddFirst((path, data));
            _bytes += data.Length;
            while (_bytes > capacityBytes && _order.Last is { } last)
            {
                _order.RemoveLast();
                _map.Remove(last.Value.Path);
                _bytes -= last.Value.Data.Length;
            }
        }
    }
}
