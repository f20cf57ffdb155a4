using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// Integrates sequenced entries into the tree: RFC 6962 leaf hashes into a <see cref="CompactRange"/>, hash tiles
/// and entry bundles written as immutable objects (C2SP tlog-tiles), then the new size, root, frontier and signed
/// checkpoint committed with compare-and-set. Tiles are written before the commit, so every committed checkpoint's
/// tiles exist; a checkpoint is signed only for a root computed from the durably sequenced entries, so two signed
/// checkpoints are always consistent (C2SP tlog-checkpoint: "MUST NOT sign two inconsistent checkpoints").
/// Runs only under the sequencer's integration lock.
/// </summary>
internal sealed class Integrator(ISequencer sequencer, ITileStore tiles, ICheckpointSigner signer, LogOptions options)
{
    private CompactRange? _range;
    private TileBuilder? _builder;

    /// <summary>One round: integrates up to <see cref="LogOptions.IntegrationChunk"/> sequenced entries (or commits
    /// the empty tree's checkpoint for a new log). Losing a race with another front end is not an error.</summary>
    public async Task IntegrateOnceAsync(CancellationToken cancellationToken)
    {
        var committed = await sequencer.ReadIntegratedStateAsync(cancellationToken).ConfigureAwait(false);
        if (committed is null)
        {
            var empty = Sign(0, Rfc6962.EmptyRoot.ToArray(), []);
            if (await sequencer.TryCommitIntegratedStateAsync(0, empty, cancellationToken).ConfigureAwait(false))
            {
                await tiles.WriteCheckpointAsync(empty.Checkpoint, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var size = committed.Size;
        if (_range is null || _range.End != size)
        {
            await LoadAsync(committed, cancellationToken).ConfigureAwait(false);
        }

        var sequenced = await sequencer.GetSequencedSizeAsync(cancellationToken).ConfigureAwait(false);
        if (sequenced <= size)
        {
            return;
        }

        var end = Math.Min(sequenced, size + (ulong)options.IntegrationChunk);
        await AppendAsync(size, end, cancellationToken).ConfigureAwait(false);
        var next = Sign(end, _range!.GetRootHash(), _range.Hashes);
        if (!await sequencer.TryCommitIntegratedStateAsync(size, next, cancellationToken).ConfigureAwait(false))
        {
            _range = null; // another front end integrated: reload its state next round
            return;
        }

        await tiles.WriteCheckpointAsync(next.Checkpoint, cancellationToken).ConfigureAwait(false);
    }

    private IntegratedState Sign(ulong size, byte[] root, IReadOnlyList<byte[]> frontier)
    {
        return new IntegratedState(size, root, frontier.Select(h => h.ToArray()).ToArray(), signer.SignCheckpoint(size, root));
    }

    /// <summary>Appends entries [start, end) (already sequenced) and writes the tiles and bundles they touch.</summary>
    private async Task AppendAsync(ulong start, ulong end, CancellationToken cancellationToken)
    {
        // Re-read the partial entry bundle's earlier entries so the bundle can be rewritten at its new width.
        var bundleStart = start & ~(ulong)(TileMath.TileWidth - 1);
        var entries = await sequencer.ReadEntriesAsync(bundleStart, checked((int)(end - bundleStart)), cancellationToken).ConfigureAwait(false);
        if (entries.Count != (int)(end - bundleStart) || (entries.Count > 0 && entries[0].Index != bundleStart))
        {
            throw new InvalidOperationException($"integration: entries {bundleStart}..{end} are not all sequenced");
        }

        var leaf = new byte[Rfc6962.HashSize];
        foreach (var e in entries)
        {
            if (e.Index >= start)
            {
                Rfc6962.HashLeaf(e.Body, leaf); // RFC 6962 §2.1: the leaf is the canonicalized body
                _range!.Append(leaf, _builder!.OnNewNode);
            }
        }

        var writes = _builder!.Drain();
        for (var first = 0; first < entries.Count; first += TileMath.TileWidth)
        {
            var count = Math.Min(TileMath.TileWidth, entries.Count - first);
            var bundleIndex = entries[first].Index >> TileMath.TileHeight;
            var bundle = EntryBundle.Encode(entries.Skip(first).Take(count).Select(e => (ReadOnlyMemory<byte>)e.Body));
            writes.Add((TilePath.EntryBundle(bundleIndex, count == TileMath.TileWidth ? 0 : count), bundle));
        }

        await Task.WhenAll(writes.Select(w => tiles.WriteImmutableAsync(w.Path, w.Data, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Restores the frontier and the open partial tiles of the committed tree; rebuilds from the entries
    /// when a partial tile is missing (e.g. a tile directory restored from an older backup).</summary>
    private async Task LoadAsync(IntegratedState committed, CancellationToken cancellationToken)
    {
        _range = CompactRange.Restore(committed.Size, committed.Frontier);
        _builder = new TileBuilder();
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
