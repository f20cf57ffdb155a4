using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Storage;
using Signet.Log.Telemetry;

namespace Signet.Log.Engine;

/// <summary>
/// Integrates sequenced entries into the tree: RFC 6962 leaf hashes into a <see cref="CompactRange"/>, hash tiles
/// and entry bundles written as immutable objects (C2SP tlog-tiles), then the new size, root, frontier and signed
/// checkpoint committed with compare-and-set (<see cref="IIntegrationStore"/>). Tiles are durable before the commit, so every committed checkpoint's
/// tiles exist; a checkpoint is signed only for a root computed from the durably sequenced entries, extending the
/// committed frontier, so two signed checkpoints are always consistent (C2SP tlog-checkpoint: "MUST NOT sign two
/// inconsistent checkpoints"). Runs only under the store's integration lock.
/// </summary>
internal sealed class Integrator(ISequencer sequencer, IIntegrationStore store, ITileStore tiles, ICheckpointSigner signer, LogOptions options)
{
    private CompactRange? _range;
    private TileBuilder? _builder;
    private List<byte[]> _bundle = []; // bodies of the open (partial) entry bundle, so a round need not re-read them

    /// <summary>Called with each round's hash tiles once they are durable.</summary>
    public Action<IReadOnlyList<HashTile>>? TilesWritten { get; init; }

    /// <summary>One round: integrates up to <see cref="LogOptions.IntegrationChunk"/> sequenced entries (or commits
    /// the empty tree's checkpoint for a new log). Returns the state this round committed, or null when there was
    /// nothing to do or another front end got there first (not an error).</summary>
    public async Task<IntegratedState?> IntegrateOnceAsync(CancellationToken cancellationToken)
    {
        var committed = await store.ReadIntegratedStateAsync(cancellationToken).ConfigureAwait(false);
        if (committed is null)
        {
            var empty = Sign(0, Rfc6962.EmptyRoot.ToArray(), []);
            return await store.TryCommitIntegratedStateAsync(0, empty, cancellationToken).ConfigureAwait(false) ? empty : null;
        }

        var size = committed.Size;
        if (_range is null || _range.End != size)
        {
            await LoadAsync(committed, cancellationToken).ConfigureAwait(false);
        }

        var sequenced = await sequencer.GetSequencedSizeAsync(cancellationToken).ConfigureAwait(false);
        if (sequenced <= size)
        {
            return null;
        }

        var end = Math.Min(sequenced, size + (ulong)options.IntegrationChunk);
        using var activity = LogTelemetry.Source.StartActivity("log.integrate");
        activity?.SetTag(LogTelemetry.OriginTag, options.Origin);
        activity?.SetTag("signet.log.size.from", size);
        activity?.SetTag("signet.log.size.to", end);
        try
        {
            await AppendAsync(size, end, cancellationToken).ConfigureAwait(false);
            var next = Sign(end, _range!.GetRootHash(), _range.Hashes);
            if (await store.TryCommitIntegratedStateAsync(size, next, cancellationToken).ConfigureAwait(false))
            {
                LogTelemetry.IntegrationBatchSize.Record((long)(end - size), LogTelemetry.Origin(options.Origin));
                return next;
            }
        }
        catch
        {
            _range = null; // the in-memory tree may be ahead of the committed one: reload next round
            throw;
        }

        _range = null; // another front end integrated: reload its state next round
        return null;
    }

    private IntegratedState Sign(ulong size, byte[] root, IReadOnlyList<byte[]> frontier)
    {
        return new IntegratedState(size, root, frontier.Select(h => h.ToArray()).ToArray(), signer.SignCheckpoint(size, root));
    }

    /// <summary>Appends entries [start, end) (already sequenced) and durably writes the tiles and bundles they touch.</summary>
    private async Task AppendAsync(ulong start, ulong end, CancellationToken cancellationToken)
    {
        var entries = await sequencer.ReadEntriesAsync(start, checked((int)(end - start)), cancellationToken).ConfigureAwait(false);
        if (entries.Count != (int)(end - start) || (entries.Count > 0 && entries[0].Index != start))
        {
            throw new InvalidOperationException($"integration: entries {start}..{end} are not all sequenced");
        }

        var leaf = new byte[Rfc6962.HashSize];
        var writes = new List<TileObject>();
        foreach (var e in entries)
        {
            Rfc6962.HashLeaf(e.Body, leaf); // RFC 6962 §2.1: the leaf is the canonicalized body
            _range!.Append(leaf, _builder!.OnNewNode);
            _bundle.Add(e.Body);
            if (_bundle.Count == TileMath.TileWidth)
            {
                // C2SP tlog-tiles "Log Entries": a full bundle of 256 entries at tile/entries/N.
                writes.Add(new TileObject(TilePath.EntryBundle(e.Index >> TileMath.TileHeight), EntryBundle.Encode(_bundle.Select(b => (ReadOnlyMemory<byte>)b))));
                _bundle = new List<byte[]>(TileMath.TileWidth);
            }
        }

        if (_bundle.Count > 0)
        {
            writes.Add(new TileObject(TilePath.EntryBundle((end - 1) >> TileMath.TileHeight, _bundle.Count), EntryBundle.Encode(_bundle.Select(b => (ReadOnlyMemory<byte>)b))));
        }

        var hashTiles = _builder!.Drain();
        writes.AddRange(hashTiles.Select(t => new TileObject(t.Id.HashTilePath, t.Data)));
        await tiles.WriteImmutableAsync(writes, cancellationToken).ConfigureAwait(false);
        TilesWritten?.Invoke(hashTiles);
    }

    /// <summary>Restores the frontier, the open partial tiles and the open entry bundle of the committed tree;
    /// rebuilds from the entries when a partial tile is missing (e.g. a tile directory restored from an older backup).</summary>
    private async Task LoadAsync(IntegratedState committed, CancellationToken cancellationToken)
    {
        _range = CompactRange.Restore(committed.Size, committed.Frontier);
        _builder = new TileBuilder();
        var bundleStart = committed.Size & ~(ulong)(TileMath.TileWidth - 1);
        var open = await sequencer.ReadEntriesAsync(bundleStart, (int)(committed.Size - bundleStart), cancellationToken).ConfigureAwait(false);
        if (open.Count != (int)(committed.Size - bundleStart))
        {
            throw new InvalidOperationException($"integration: entries {bundleStart}..{committed.Size} of the committed tree are missing; the log store is corrupt");
        }

        _bundle = open.Select(e => e.Body).ToList();
        foreach (var tile in TileMath.PartialTiles(committed.Size))
        {
            var data = await tiles.ReadAsync(tile.HashTilePath, cancellationToken).ConfigureAwait(false);
            if (data is null || data.Length != tile.Width * Rfc6962.HashSize)
            {
                await RebuildAsync(committed, cancellationToken).ConfigureAwait(false);
                return;
            }

            _builder.Seed(tile.Level, tile.Index, data);
        }
    }

    private async Task RebuildAsync(IntegratedState committed, CancellationToken cancellationToken)
    {
        _range = new CompactRange();
        _builder = new TileBuilder();
        _bundle = [];
        for (ulong at = 0; at < committed.Size;)
        {
            var end = Math.Min(committed.Size, at + (ulong)options.IntegrationChunk);
            await AppendAsync(at, end, cancellationToken).ConfigureAwait(false);
            at = end;
        }

        if (!_range.GetRootHash().AsSpan().SequenceEqual(committed.RootHash))
        {
            throw new InvalidOperationException("integration: the stored entries do not reproduce the committed root; the log store is corrupt");
        }
    }
}
