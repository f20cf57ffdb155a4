using Signet.Core.Merkle;

namespace Signet.Core.Tiles;

/// <summary>
/// C2SP tlog-tiles geometry: which tile holds a Merkle node, how wide the rightmost (partial) tiles are at a tree
/// size, which tiles a proof needs, and how to read a node's hash out of a tile.
/// </summary>
public static class TileMath
{
    /// <summary>Tree levels per tile (tlog-tiles: a tile is a subtree of height 8).</summary>
    public const int TileHeight = 8;

    /// <summary>Hashes in a full tile, 2^<see cref="TileHeight"/> (tlog-tiles "Merkle Tree": exactly 256 hashes, 8,192 bytes).</summary>
    public const int TileWidth = 1 << TileHeight;

    /// <summary>Tile levels that can hold a hash of a tree below 2^63 leaves (tree levels 0–63).</summary>
    public const int MaxTileLevel = 7;

    /// <summary>
    /// Width of the partial tile at <paramref name="level"/> for a tree of <paramref name="treeSize"/>:
    /// floor(s / 256^l) mod 256 (tlog-tiles "Partial Tiles"). 0 means there is no partial tile at that level.
    /// </summary>
    public static int PartialWidth(int level, ulong treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        return level > MaxTileLevel ? 0 : (int)((treeSize >> (TileHeight * level)) & (TileWidth - 1));
    }

    /// <summary>The partial tiles of a tree of <paramref name="treeSize"/>, lowest level first (none for empty levels).</summary>
    public static IReadOnlyList<TileId> PartialTiles(ulong treeSize)
    {
        var tiles = new List<TileId>();
        for (var level = 0; level <= MaxTileLevel; level++)
        {
            var width = PartialWidth(level, treeSize);
            if (width > 0)
            {
                tiles.Add(new TileId(level, HashesAtLevel(level, treeSize) >> TileHeight, width));
            }
        }

        return tiles;
    }

    /// <summary>
    /// The tile, as it exists in a tree of <paramref name="treeSize"/>, that holds <paramref name="node"/> (the node
    /// itself if its level is a multiple of 8, otherwise the hashes it is rebuilt from). The node must be a
    /// complete subtree within the tree.
    /// </summary>
    public static TileId TileForNode(NodeId node, ulong treeSize)
    {
        if (node.Level is < 0 or > 63)
        {
            throw new SignetFormatException($"tiles: node level {node.Level} is outside 0–63");
        }

        if (node.Index >= treeSize >> node.Level)
        {
            throw new SignetFormatException($"tiles: node {node} is not a complete subtree of a tree of size {treeSize}");
        }

        var level = node.Level / TileHeight;
        var within = node.Level % TileHeight;
        var index = node.Index >> (TileHeight - within);

        // tlog-tiles "Merkle Tree": the n-th tile at level l is full when all 256 of its hashes exist.
        var full = index < (HashesAtLevel(level, treeSize) >> TileHeight);
        return new TileId(level, index, full ? TileWidth : PartialWidth(level, treeSize));
    }

    /// <summary>The distinct tiles holding <paramref name="nodes"/> at <paramref name="treeSize"/>, in first-use order.</summary>
    public static IReadOnlyList<TileId> TilesFor(IEnumerable<NodeId> nodes, ulong treeSize)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var tiles = new List<TileId>();
        foreach (var node in nodes)
        {
            var tile = TileForNode(node, treeSize);
            if (!tiles.Contains(tile))
            {
                tiles.Add(tile);
            }
        }

        return tiles;
    }

    /// <summary>Tiles needed to build the inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="treeSize"/>.</summary>
    public static IReadOnlyList<TileId> TilesForInclusion(ulong index, ulong treeSize) =>
        TilesFor(ProofNodes.Inclusion(index, treeSize).Ids, treeSize);

    /// <summary>Tiles needed to build the consistency proof from <paramref name="size1"/> to <paramref name="size2"/>.</summary>
    public static IReadOnlyList<TileId> TilesForConsistency(ulong size1, ulong size2) =>
        TilesFor(ProofNodes.Consistency(size1, size2).Ids, size2);

    /// <summary>Tiles needed to compute the root of the tree of <paramref name="treeSize"/>.</summary>
    public static IReadOnlyList<TileId> TilesForRoot(ulong treeSize) =>
        TilesFor(MerkleRange.Nodes(0, treeSize), treeSize);

    /// <summary>The entry bundle (level-0 coordinates) holding entry <paramref name="index"/> at <paramref name="treeSize"/>.</summary>
    public static TileId EntryBundleFor(ulong index, ulong treeSize)
    {
        if (index >= treeSize)
        {
            throw new SignetFormatException($"tiles: entry index {index} is not below tree size {treeSize}");
        }

        return TileForNode(new NodeId(0, index), treeSize);
    }

    /// <summary>
    /// The hash of <paramref name="node"/> read out of <paramref name="tileData"/>, the bytes of <paramref name="tile"/>
    /// (Width × 32 bytes). Nodes between tile levels are rehashed from the tile's hashes (RFC 6962 §2.1).
    /// </summary>
    public static byte[] ReadNode(NodeId node, TileId tile, ReadOnlySpan<byte> tileData)
    {
        const int h = Rfc6962.HashSize;
        CheckTileData(tile, tileData.Length);
        var (within, slot) = Locate(node, tile);
        var first = slot << within;
        return MerkleTree.ComputeRoot(tileData.Slice(first * h, (1 << within) * h));
    }

    /// <summary>Checks that <paramref name="length"/> bytes are the data of <paramref name="tile"/> (Width × 32).</summary>
    internal static void CheckTileData(TileId tile, int length)
    {
        if (tile.Width is < 1 or > TileWidth)
        {
            throw new SignetFormatException($"tiles: tile width {tile.Width} is outside 1–{TileWidth}");
        }

        if (length != tile.Width * Rfc6962.HashSize)
        {
            throw new SignetFormatException(
                $"tiles: tile {tile.HashTilePath} is {length} bytes, expected {tile.Width * Rfc6962.HashSize}");
        }
    }

    /// <summary>Where <paramref name="node"/> sits in <paramref name="tile"/>: its level above the tile's base level
    /// (0–7) and its position among the nodes of that level in the tile. Throws when the tile cannot hold it.</summary>
    internal static (int Within, int Slot) Locate(NodeId node, TileId tile)
    {
        if (node.Level is < 0 or > 63 || node.Level / TileHeight != tile.Level ||
            node.Index >> (TileHeight - (node.Level % TileHeight)) != tile.Index)
        {
            throw new ArgumentException($"tiles: node {node} is not in tile {tile.HashTilePath}", nameof(node));
        }

        var within = node.Level % TileHeight;
        var slot = (int)(node.Index & (ulong)((TileWidth >> within) - 1));
        if ((slot + 1) << within > tile.Width)
        {
            throw new SignetFormatException($"tiles: tile {tile.HashTilePath} is too narrow to hold node {node}");
        }

        return (within, slot);
    }

    /// <summary>Number of hashes that exist at tile level <paramref name="level"/> (tree level 8·level).</summary>
    private static ulong HashesAtLevel(int level, ulong treeSize) => treeSize >> (TileHeight * level);
}
