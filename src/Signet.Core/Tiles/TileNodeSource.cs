using Signet.Core.Merkle;

namespace Signet.Core.Tiles;

/// <summary>
/// Serves Merkle nodes of a tree of a given size out of tiles already fetched (pure: the fetching happens before).
/// Typical use: <see cref="TileMath.TilesForInclusion"/> → fetch those tiles → <see cref="InclusionProof.Build"/>
/// with this source. A partial tile that is missing may be replaced by the full tile of the same coordinates.
/// Tiles given as raw bytes are rehashed per node read; tiles given as <see cref="HashTile"/> are looked up.
/// </summary>
public sealed class TileNodeSource : INodeSource
{
    private readonly ulong _treeSize;
    private readonly Func<TileId, NodeId, byte[]?> _read;

    /// <summary>
    /// Serves the tree of <paramref name="treeSize"/> leaves from tiles in their wire form (hashes concatenated),
    /// rehashing per read.
    /// </summary>
    public TileNodeSource(ulong treeSize, IReadOnlyDictionary<TileId, byte[]> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        _treeSize = treeSize;
        _read = (tile, id) => tiles.TryGetValue(tile, out var data) ? TileMath.ReadNode(id, tile, data) : null;
    }

    /// <summary>
    /// Serves the tree of <paramref name="treeSize"/> leaves from tiles already decoded into <see cref="HashTile"/>s.
    /// </summary>
    public TileNodeSource(ulong treeSize, IReadOnlyDictionary<TileId, HashTile> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        _treeSize = treeSize;
        _read = (tile, id) => tiles.TryGetValue(tile, out var hashTile) ? hashTile.GetNode(id) : null;
    }

    /// <inheritdoc/>
    public byte[] GetNode(NodeId id)
    {
        var tile = TileMath.TileForNode(id, _treeSize);
        // tlog-tiles "Partial Tiles": clients MAY fetch the full tile as a fallback for a partial one.
        return _read(tile, id)
            ?? (tile.IsPartial ? _read(tile with { Width = TileMath.TileWidth }, id) : null)
            ?? throw new InvalidOperationException($"tiles: tile {tile.HashTilePath} needed for node {id} was not fetched");
    }
}
