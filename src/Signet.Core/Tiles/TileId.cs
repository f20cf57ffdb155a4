namespace Signet.Core.Tiles;

/// <summary>
/// A C2SP tlog-tiles tile: level <see cref="Level"/> (tile levels, each 8 tree levels high), index
/// <see cref="Index"/> within the level, and <see cref="Width"/> hashes (256 for a full tile, 1–255 for a partial one).
/// Entry bundles use the coordinates of the level-0 tile with the same index.
/// </summary>
public readonly record struct TileId(int Level, ulong Index, int Width)
{
    /// <summary>True when the tile holds fewer than 256 hashes (served with a <c>.p/W</c> suffix).</summary>
    public bool IsPartial => Width < TileMath.TileWidth;

    /// <summary>The hash tile's path, <c>tile/L/N[.p/W]</c>.</summary>
    public string HashTilePath => TilePath.HashTile(Level, Index, IsPartial ? Width : 0);

    /// <summary>The entry bundle's path, <c>tile/entries/N[.p/W]</c> (meaningful for level 0).</summary>
    public string EntryBundlePath => TilePath.EntryBundle(Index, IsPartial ? Width : 0);
}
