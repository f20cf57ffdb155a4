using Signet.Core.Merkle;

namespace Signet.Core.Tiles;

/// <summary>
/// Serves Merkle nodes of a tree of a given size out of tiles already fetched (pure: the fetching happens before).
/// Typical use: <see cref="TileMath.TilesForInclusion"/> → fetch those tiles → <see cref="InclusionProof.Build"/>
/// with this source. A partial tile that is missing may be replaced by the full tile of the same coordinates.
/// </summary>
public sealed class TileNodeSource : INodeSource
{
    private readonly ulong _treeSize;
    private readonly IReadOnlyDictionary<TileId, byte[]> _tiles;

    public TileNodeSource(ulong treeSize, IReadOnlyDictionary<TileId, byte[]> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        _treeSize = treeSize;
        _tiles = tiles;
    }

    public byte[] GetNode(NodeId id)
    {
        var tile = TileMath.TileForNode(id, _treeSize);
        if (_tiles.TryGetValue(tile, out var data))
        {
            return TileMath.ReadNode(id, tile, data);
        }

        // tlog-tiles "Partial Tiles": clients MAY fetch the full tile as a fallback for a partial one.
        var full = tile with { Width = TileMath.TileWidth };
        if (tile.IsPartial && _tiles.TryGetValue(full, out data))
        {
            return TileMath.ReadNode(id, full, data);
        }

        throw new InvalidOperationException($"tiles: tile {tile.HashTilePath} needed for node {id} was not fetched");
    }
}
