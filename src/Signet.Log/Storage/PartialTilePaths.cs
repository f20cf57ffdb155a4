using Signet.Core.Tiles;

namespace Signet.Log.Storage;

/// <summary>Which paths name partial tiles: the only objects a tile store deletes.</summary>
internal static class PartialTilePaths
{
    /// <summary>Whether <paramref name="path"/> is a canonical C2SP tlog-tiles partial hash tile or partial entry bundle.</summary>
    public static bool IsPartial(string path) =>
        (TilePath.TryParseHashTile(path, out var tile) || TilePath.TryParseEntryBundle(path, out tile)) && tile.IsPartial;

    /// <summary>Throws <see cref="ArgumentException"/> unless every path is a partial tile or bundle.</summary>
    public static void CheckAllPartial(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (path is null || !IsPartial(path))
            {
                throw new ArgumentException($"'{path}' is not a partial tile or entry bundle; only those are ever deleted", nameof(paths));
            }
        }
    }
}
