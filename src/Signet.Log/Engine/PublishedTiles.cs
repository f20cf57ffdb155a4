using Signet.Core.Tiles;

namespace Signet.Log.Engine;

/// <summary>Which tlog-tiles objects a published tree implies: a log serves no tile or entry bundle beyond its
/// checkpointed tree (C2SP tlog-tiles), so a path is answered only when this says it is covered.</summary>
public static class PublishedTiles
{
    /// <summary>Whether <paramref name="tile"/> (a hash tile, or an entry bundle at level 0) lies within the tree of
    /// <paramref name="treeSize"/> entries, with exactly the width that tree gives it (a full tile, or the partial
    /// tile at the tree's right edge).</summary>
    /// <param name="tile">The tile's coordinates and width.</param>
    /// <param name="treeSize">A published tree size.</param>
    public static bool Covers(TileId tile, ulong treeSize)
    {
        // Number of hashes at tree level 8L in a tree of `treeSize`, i.e. entries at level 0.
        var shift = TileMath.TileHeight * tile.Level;
        if (shift >= 64)
        {
            return false;
        }

        var count = treeSize >> shift;
        var end = (tile.Index << TileMath.TileHeight) + (ulong)tile.Width;
        return tile.Index < (1UL << (64 - TileMath.TileHeight)) && end <= count;
    }
}
