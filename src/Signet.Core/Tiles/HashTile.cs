using Signet.Core.Merkle;

namespace Signet.Core.Tiles;

/// <summary>
/// A hash tile with every node it implies computed once. C2SP tlog-tiles "Merkle Tree": a level-L tile stores the
/// hashes of tree level 8L; the nodes of levels 8L+1 … 8L+7 above them are perfect subtrees of those hashes
/// (RFC 6962 §2.1) and are otherwise rehashed on every read (<see cref="TileMath.ReadNode"/>, up to 127 hashes for
/// one node). A server that builds many proofs from the same tiles keeps these instead: building one costs at most
/// 255 node hashes, and every read after it is a copy.
/// </summary>
public sealed class HashTile
{
    private byte[][]? _levels; // _levels[k]: the tile's nodes of level 8L+k, concatenated (k = 0 is the data)

    /// <summary>Validates <paramref name="data"/> as the bytes of <paramref name="id"/>; the upper nodes are computed
    /// on the first <see cref="GetNode"/>.</summary>
    public HashTile(TileId id, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        TileMath.CheckTileData(id, data.Length);
        Id = id;
        Data = data;
    }

    /// <summary>The tile's coordinates and width.</summary>
    public TileId Id { get; }

    /// <summary>The tile as stored and served (Width × 32 bytes).</summary>
    public byte[] Data { get; }

    /// <summary>Memory held once the upper nodes are computed: the data and at most as much again.</summary>
    public long ByteCount => 2L * Data.Length;

    /// <summary>The hash of <paramref name="node"/>, which must lie in this tile (same rules as <see cref="TileMath.ReadNode"/>).</summary>
    public byte[] GetNode(NodeId node)
    {
        var (within, slot) = TileMath.Locate(node, Id);
        // Two threads may both compute the levels the first time; the results are identical and one is kept.
        var levels = Volatile.Read(ref _levels);
        if (levels is null)
        {
            var computed = ComputeLevels();
            levels = Interlocked.CompareExchange(ref _levels, computed, null) ?? computed;
        }

        return levels[within].AsSpan(slot * Rfc6962.HashSize, Rfc6962.HashSize).ToArray();
    }

    private byte[][] ComputeLevels()
    {
        const int h = Rfc6962.HashSize;
        var levels = new byte[TileMath.TileHeight][];
        levels[0] = Data;
        for (var k = 1; k < TileMath.TileHeight; k++)
        {
            var below = levels[k - 1];
            var level = new byte[(Id.Width >> k) * h];
            for (var i = 0; i < level.Length / h; i++)
            {
                Rfc6962.HashChildrenUnchecked(below.AsSpan(2 * i * h, h), below.AsSpan(((2 * i) + 1) * h, h), level.AsSpan(i * h, h));
            }

            levels[k] = level;
        }

        return levels;
    }
}
