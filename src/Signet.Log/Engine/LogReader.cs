using System.Collections.Concurrent;
using Signet.Core;
using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// Serves what the published checkpoints cover: entries from the sequencer, look-ups in its indexes, and tiles from
/// the tile store with recently used hash tiles kept in memory (<see cref="TileCache"/>, which the integrator also
/// fills as it writes), so proofs at the newest checkpoint and through the upper levels touch no disk.
/// </summary>
internal sealed class LogReader : ILogReader
{
    private readonly ISequencer _sequencer;
    private readonly ISearchIndex _index;
    private readonly ITileStore _tiles;
    private readonly ICheckpointPublisher _published;
    private readonly TileCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<HashTile?>>> _loading = new(StringComparer.Ordinal);

    internal LogReader(ISequencer sequencer, ISearchIndex index, ITileStore tiles, ICheckpointPublisher published, TileCache cache)
    {
        _sequencer = sequencer;
        _index = index;
        _tiles = tiles;
        _published = published;
        _cache = cache;
    }

    /// <inheritdoc/>
    public IntegratedState Latest => _published.Latest;

    /// <inheritdoc/>
    public async Task<StoredEntry?> GetEntryAsync(ulong index, CancellationToken cancellationToken)
    {
        var list = await _sequencer.ReadEntriesAsync(index, 1, cancellationToken).ConfigureAwait(false);
        return list.Count == 1 && list[0].Index == index && index < Latest.Size ? list[0] : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredEntry>> GetEntriesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        var size = Latest.Size;
        if (start >= size || count <= 0)
        {
            return [];
        }

        var list = await _sequencer.ReadEntriesAsync(start, (int)Math.Min((ulong)count, size - start), cancellationToken).ConfigureAwait(false);
        var contiguous = 0;
        while (contiguous < list.Count && list[contiguous].Index == start + (ulong)contiguous)
        {
            contiguous++;
        }

        return contiguous == list.Count ? list : list.Take(contiguous).ToArray();
    }

    /// <inheritdoc/>
    public async Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken)
    {
        var index = await _index.FindByLeafHashAsync(leafHash, cancellationToken).ConfigureAwait(false);
        return index is { } i && i < Latest.Size ? i : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ulong>> SearchAsync(string searchKey, int limit, CancellationToken cancellationToken)
    {
        var size = Latest.Size;
        var found = await _index.SearchAsync(searchKey, limit, cancellationToken).ConfigureAwait(false);
        return found.Where(i => i < size).ToArray();
    }

    /// <inheritdoc/>
    public async Task<byte[]?> ReadTileAsync(string path, CancellationToken cancellationToken)
    {
        if (TilePath.TryParseHashTile(path, out var id))
        {
            var size = Latest.Size;
            var tile = await CoveringTileAsync(id, cancellationToken).ConfigureAwait(false)
                ?? (PublishedTiles.Covers(id, size) ? await RecoverAsync(id, size, cancellationToken).ConfigureAwait(false) : null);
            // tlog-tiles: a partial tile is the prefix of every longer tile of its coordinates.
            return tile is null ? null : tile.Id == id ? tile.Data : tile.Data.AsSpan(0, id.Width * Rfc6962.HashSize).ToArray();
        }

        // Entry bundles are not cached: they are large and rarely read twice.
        var data = await _tiles.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (data is not null || !TilePath.TryParseEntryBundle(path, out var bundle))
        {
            return data;
        }

        // A superseded partial bundle (SupersededPartials): the first W entries of a longer bundle of the same index.
        foreach (var wider in bundle.IsPartial ? Wider(bundle) : [])
        {
            if (await _tiles.ReadAsync(wider.EntryBundlePath, cancellationToken).ConfigureAwait(false) is { } longer)
            {
                return EntryBundle.Encode(EntryBundle.Decode(longer, wider.Width).Take(bundle.Width).Select(e => (ReadOnlyMemory<byte>)e));
            }
        }

        return PublishedTiles.Covers(bundle, Latest.Size) ? await LostTiles.EntryBundleAsync(bundle, _sequencer, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]>> InclusionProofAsync(ulong index, ulong size, CancellationToken cancellationToken)
    {
        if (index >= size || size > Latest.Size)
        {
            throw new SignetFormatException($"no inclusion proof for index {index} in a tree of size {size} (log size {Latest.Size})");
        }

        var nodes = await FetchAsync(TileMath.TilesForInclusion(index, size), size, cancellationToken).ConfigureAwait(false);
        return InclusionProof.Build(index, size, nodes);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(ulong size1, ulong size2, CancellationToken cancellationToken)
    {
        if (size1 > size2 || size2 > Latest.Size)
        {
            throw new SignetFormatException($"no consistency proof from {size1} to {size2} (log size {Latest.Size})");
        }

        if (size1 == 0 || size1 == size2)
        {
            return [];
        }

        var nodes = await FetchAsync(TileMath.TilesForConsistency(size1, size2), size2, cancellationToken).ConfigureAwait(false);
        return ConsistencyProof.Build(size1, size2, nodes);
    }

    /// <inheritdoc/>
    public async Task<byte[]> RootAtAsync(ulong size, CancellationToken cancellationToken)
    {
        var latest = Latest;
        if (size == latest.Size)
        {
            return latest.RootHash;
        }

        if (size > latest.Size)
        {
            throw new SignetFormatException($"tree size {size} is beyond the log size {latest.Size}");
        }

        if (size == 0)
        {
            return Rfc6962.EmptyRoot.ToArray();
        }

        var nodes = await FetchAsync(TileMath.TilesForRoot(size), size, cancellationToken).ConfigureAwait(false);
        var range = MerkleRange.Nodes(0, size).Select(nodes.GetNode).ToList();
        var root = range[^1];
        for (var i = range.Count - 2; i >= 0; i--)
        {
            root = Rfc6962.HashChildren(range[i], root);
        }

        return root;
    }

    /// <summary>A hash tile from the cache, else from the store (then cached), or null when the store lacks it.
    /// Concurrent misses of one tile share one read: when a checkpoint is published by another front end, every write
    /// waiting for it builds its proof through the same new right-edge tiles, and one read (and one
    /// <see cref="HashTile"/> of implied nodes) serves them all instead of one per waiting write.</summary>
    private Task<HashTile?> HashTileAsync(TileId id, CancellationToken cancellationToken)
    {
        var path = id.HashTilePath;
        if (_cache.TryGet(path, out var cached))
        {
            return Task.FromResult<HashTile?>(cached);
        }

        var load = _loading.GetOrAdd(path, _ => new Lazy<Task<HashTile?>>(() => LoadTileAsync(id, path)));
        return load.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Reads a hash tile for every caller waiting on it (so not cancelled by any one of them) and caches it.</summary>
    private async Task<HashTile?> LoadTileAsync(TileId id, string path)
    {
        try
        {
            var data = await _tiles.ReadAsync(path, CancellationToken.None).ConfigureAwait(false);
            if (data is null)
            {
                return null;
            }

            HashTile tile;
            try
            {
                tile = new HashTile(id, data);
            }
            catch (SignetFormatException e)
            {
                throw new InvalidOperationException($"the tile store holds a damaged {path}: {e.Message}", e);
            }

            _cache.Put(tile);
            return tile;
        }
        finally
        {
            _loading.TryRemove(path, out _);
        }
    }

    /// <summary>The hash tile <paramref name="id"/>, or for a partial one that is gone (superseded and deleted, see
    /// <see cref="SupersededPartials"/>) a longer tile of the same coordinates: the full tile (tlog-tiles "Partial
    /// Tiles": it serves for a partial one), else the partial of the newest published tree. Null when none exists.</summary>
    private async Task<HashTile?> CoveringTileAsync(TileId id, CancellationToken cancellationToken)
    {
        if (await HashTileAsync(id, cancellationToken).ConfigureAwait(false) is { } exact)
        {
            return exact;
        }

        foreach (var wider in Wider(id))
        {
            if (await HashTileAsync(wider, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The tiles of <paramref name="id"/>'s coordinates wider than it: the full tile, then the partial tile of
    /// the newest published tree when that one is wider (nothing for a full tile).</summary>
    private IEnumerable<TileId> Wider(TileId id)
    {
        if (!id.IsPartial)
        {
            yield break;
        }

        yield return id with { Width = TileMath.TileWidth };
        var latest = TileMath.PartialWidth(id.Level, Latest.Size);
        if (latest > id.Width && TileMath.PartialTiles(Latest.Size).Contains(id with { Width = latest }))
        {
            yield return id with { Width = latest };
        }
    }

    private async Task<TileNodeSource> FetchAsync(IReadOnlyList<TileId> needed, ulong size, CancellationToken cancellationToken)
    {
        // All at once: the tiles a proof needs that are not cached (the new right edge of a checkpoint another front end
        // published) cost one database round trip of waiting instead of one per tile level.
        var found = await Task.WhenAll(needed.Select(tile => CoveringTileAsync(tile, cancellationToken))).ConfigureAwait(false);
        var tiles = new Dictionary<TileId, HashTile>();
        for (var i = 0; i < needed.Count; i++)
        {
            // Filed under the tile asked for: a longer tile of the same coordinates holds every node of a shorter one.
            tiles[needed[i]] = found[i] ?? await RecoverAsync(needed[i], size, cancellationToken).ConfigureAwait(false);
        }

        return new TileNodeSource(size, tiles);
    }

    /// <summary>A hash tile of the tree of <paramref name="size"/> that the store has lost, recomputed (<see cref="LostTiles"/>) and cached.</summary>
    private async Task<HashTile> RecoverAsync(TileId id, ulong size, CancellationToken cancellationToken)
    {
        if (!PublishedTiles.Covers(id, size))
        {
            throw new InvalidOperationException($"tile {id.HashTilePath} is not in the published tree of size {size}");
        }

        var data = await LostTiles.HashTileDataAsync(id, _sequencer, async child =>
            await CoveringTileAsync(child, cancellationToken).ConfigureAwait(false)
            ?? await RecoverAsync(child, size, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var tile = new HashTile(id, data);
        _cache.Put(tile);
        return tile;
    }
}
