using Signet.Core.Tiles;
using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// Deletes the partial hash tiles and partial entry bundles that a longer tile of the same coordinates (the full
/// tile, or a longer partial) has superseded. C2SP tlog-tiles "Partial Tiles": a partial tile is a prefix of every
/// longer tile of its coordinates, and clients may fetch the full tile instead of a partial one, so a log need not keep
/// them; every round of the integrator writes a new partial at each level it touched, and without this they would pile
/// up (255 per full tile at each level, and as many entry bundles).
/// <para>Grace rule (time, not checkpoint count): a partial is deleted only once it is superseded in the tree of the
/// newest checkpoint this front end had published at least <see cref="LogOptions.PartialTileGrace"/> ago, so a reader
/// that fetched any checkpoint within the grace still finds every partial tile of that tree in the store (a CDN or file
/// server in front of it included); the checkpoint that supersedes a partial is therefore always committed first. A
/// front end of the log serves a superseded partial from the longer tile in any case (<see cref="LogReader"/>).</para>
/// <para>The store is listed rather than remembered, so partials left behind by an integrator that was killed between
/// its rounds and its next sweep are found by whichever front end integrates next.</para>
/// </summary>
internal sealed class SupersededPartials(TimeSpan grace)
{
    /// <summary>Longest pause between two sweeps while the log grows (a sweep lists the store's partial objects).</summary>
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(10);

    private readonly Queue<(DateTimeOffset At, ulong Size)> _published = new(); // newer than the grace, oldest first
    private ulong? _retained;
    private ulong? _swept;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>Records that a checkpoint of <paramref name="size"/> was published at <paramref name="at"/>.</summary>
    public void Published(ulong size, DateTimeOffset at) => _published.Enqueue((at, size));

    /// <summary>The size of the newest checkpoint published at least the grace before <paramref name="now"/>: partials
    /// superseded in its tree may go. Null until one has aged that long.</summary>
    public ulong? RetainedSize(DateTimeOffset now)
    {
        while (_published.TryPeek(out var oldest) && now - oldest.At >= grace)
        {
            _retained = oldest.Size;
            _published.Dequeue();
        }

        return _retained;
    }

    /// <summary>Whether <paramref name="path"/> names a partial hash tile or entry bundle that the tree of
    /// <paramref name="treeSize"/> holds wider (full, or a longer partial). Any other path is never superseded.</summary>
    public static bool IsSuperseded(string path, ulong treeSize)
    {
        if (!TilePath.TryParseHashTile(path, out var tile) && !TilePath.TryParseEntryBundle(path, out tile))
        {
            return false;
        }

        var shift = TileMath.TileHeight * tile.Level;
        if (!tile.IsPartial || shift >= 64 || tile.Index > ulong.MaxValue >> TileMath.TileHeight)
        {
            return false;
        }

        // Hashes at tree level 8L (entries, for bundles) in the tree, and where this tile's first one sits.
        var count = treeSize >> shift;
        var start = tile.Index << TileMath.TileHeight;
        return count > start && Math.Min(count - start, TileMath.TileWidth) > (ulong)tile.Width;
    }

    /// <summary>Deletes the partials superseded at the retained size, at most once per
    /// min(grace, 10 s) and only when that size moved since the last sweep. Returns how many were deleted.</summary>
    public async Task<int> SweepAsync(ITileStore tiles, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - _lastSweep < (grace < MaxInterval ? grace : MaxInterval) || RetainedSize(now) is not { } retained || retained == _swept)
        {
            return 0;
        }

        var partials = await tiles.ListPartialsAsync(cancellationToken).ConfigureAwait(false);
        var superseded = partials.Where(p => IsSuperseded(p, retained)).ToList();
        if (superseded.Count > 0)
        {
            await tiles.DeletePartialsAsync(superseded, cancellationToken).ConfigureAwait(false);
        }

        _swept = retained;
        _lastSweep = now;
        return superseded.Count;
    }
}
