using Signet.Core;
using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Entries;
using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// One transparency log: appends (batched, durable, de-duplicated), integrates in the background, publishes signed
/// checkpoints, and answers reads (entries, inclusion and consistency proofs from tiles, search).
/// </summary>
public sealed class TransparencyLog : IAsyncDisposable
{
    private readonly ISequencer _sequencer;
    private readonly ITileStore _tiles;
    private readonly LogOptions _options;
    private readonly TimeProvider _time;
    private readonly LogAppender _appender;
    private readonly Integrator _integrator;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TileCache _cache;
    private readonly Lock _waitersGate = new();
    private readonly PriorityQueue<TaskCompletionSource<IntegratedState>, ulong> _waiters = new(); // by the size each needs
    private IntegratedState? _latest;
    private IntegratedState? _checkpointToWrite;
    private Task _checkpointWriter = Task.CompletedTask;
    private int _checkpointWriterRunning;

    private TransparencyLog(ISequencer sequencer, ITileStore tiles, ICheckpointSigner signer, LogOptions options, TimeProvider time)
    {
        _sequencer = sequencer;
        _tiles = tiles;
        _options = options;
        _time = time;
        _cache = new TileCache(options.TileCacheBytes);
        _appender = new LogAppender(sequencer, options, time, Wake);
        _integrator = new Integrator(sequencer, tiles, signer, options)
        {
            TilesWritten = written =>
            {
                foreach (var t in written)
                {
                    _cache.Put(t);
                }
            },
        };
        _loop = Task.Run(RunAsync);
    }

    public LogOptions Options => _options;

    /// <summary>Called with failures of the background integrator (it retries).</summary>
    public event Action<Exception>? BackgroundError;

    /// <summary>Opens a log and waits until its first checkpoint is published (the empty tree for a new log).</summary>
    public static async Task<TransparencyLog> OpenAsync(ISequencer sequencer, ITileStore tiles, ICheckpointSigner signer, LogOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        options.Validate();
        if (signer.Origin != options.Origin)
        {
            throw new ArgumentException($"the checkpoint signer signs for '{signer.Origin}', not the log '{options.Origin}'", nameof(signer));
        }
        var log = new TransparencyLog(sequencer, tiles, signer, options, time);
        await log.WaitForSizeAsync(0, cancellationToken).ConfigureAwait(false);
        return log;
    }

    /// <summary>The latest published checkpoint state.</summary>
    public IntegratedState Latest => Volatile.Read(ref _latest) ?? throw new InvalidOperationException("the log has not published a checkpoint yet");

    /// <summary>
    /// Appends an entry and returns as soon as it is durably sequenced (committed by the sequencer), without waiting
    /// for a checkpoint to cover it; the integrator has been woken and integrates it in the background. For
    /// personalities whose receipt is a promise to integrate later (RFC 6962 §3: an SCT within the MMD).
    /// </summary>
    public Task<SequencedEntry> SequenceAsync(CanonicalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _appender.AddAsync(new PendingEntry(Rfc6962.HashLeaf(entry.Body), entry.Body, entry.SearchKeys), cancellationToken);
    }

    /// <summary>Appends an entry and returns once it is durable, integrated and covered by a published checkpoint
    /// (bounded by <see cref="LogOptions.PublicationTimeout"/>).</summary>
    public async Task<AppendResult> AppendAsync(CanonicalEntry entry, CancellationToken cancellationToken)
    {
        var leaf = Rfc6962.HashLeaf(entry.Body);
        var sequenced = await _appender.AddAsync(new PendingEntry(leaf, entry.Body, entry.SearchKeys), cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await SizeReached(sequenced.Index + 1).WaitAsync(_options.PublicationTimeout, _time, cancellationToken).ConfigureAwait(false);
            return new AppendResult(sequenced.Index, sequenced.IntegratedTime, sequenced.Duplicate, leaf, state);
        }
        catch (TimeoutException)
        {
            throw new LogPushbackException($"entry {sequenced.Index} is durable but no checkpoint covered it within {_options.PublicationTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Waits until a checkpoint with at least <paramref name="size"/> entries is published. Waiters are kept
    /// in order of the size they need, so a publication wakes only those it covers (with hundreds of writes in
    /// flight, waking every waiter on every round and re-queueing most of them cost measurable CPU).</summary>
    public Task<IntegratedState> WaitForSizeAsync(ulong size, CancellationToken cancellationToken) =>
        SizeReached(size).WaitAsync(cancellationToken);

    /// <summary>Completes when a checkpoint of at least <paramref name="size"/> is published. A caller that stops
    /// waiting leaves its entry queued until a publication covers it; while publication is stalled, at most
    /// <see cref="LogOptions.MaxWaitingWrites"/> are kept and further writes are pushed back.</summary>
    private Task<IntegratedState> SizeReached(ulong size)
    {
        var latest = Volatile.Read(ref _latest);
        if (latest is not null && latest.Size >= size)
        {
            return Task.FromResult(latest);
        }

        var waiter = new TaskCompletionSource<IntegratedState>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate)
        {
            // Re-read under the lock: a publication between the first read and here has already drained the queue.
            latest = Volatile.Read(ref _latest);
            if (latest is not null && latest.Size >= size)
            {
                return Task.FromResult(latest);
            }

            if (_waiters.Count >= _options.MaxWaitingWrites)
            {
                // Through the task, like every other outcome of a wait.
                return Task.FromException<IntegratedState>(new LogPushbackException($"{_options.MaxWaitingWrites} writes are waiting for a checkpoint; the log is not publishing"));
            }

            _waiters.Enqueue(waiter, size);
        }

        return waiter.Task;
    }

    /// <summary>Makes <paramref name="state"/> the latest and completes every waiter it covers.</summary>
    private void Publish(IntegratedState state)
    {
        List<TaskCompletionSource<IntegratedState>>? covered = null;
        lock (_waitersGate)
        {
            Volatile.Write(ref _latest, state);
            while (_waiters.TryPeek(out var waiter, out var needed) && needed <= state.Size)
            {
                _waiters.Dequeue();
                (covered ??= []).Add(waiter);
            }
        }

        if (covered is not null)
        {
            foreach (var waiter in covered)
            {
                waiter.TrySetResult(state);
            }
        }
    }

    public async Task<StoredEntry?> GetEntryAsync(ulong index, CancellationToken cancellationToken)
    {
        var list = await _sequencer.ReadEntriesAsync(index, 1, cancellationToken).ConfigureAwait(false);
        return list.Count == 1 && list[0].Index == index && index < Latest.Size ? list[0] : null;
    }

    public async Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken)
    {
        var index = await _sequencer.FindByLeafHashAsync(leafHash, cancellationToken).ConfigureAwait(false);
        return index is { } i && i < Latest.Size ? i : null;
    }

    public async Task<IReadOnlyList<ulong>> SearchAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var size = Latest.Size;
        var found = await _sequencer.SearchAsync(key, limit, cancellationToken).ConfigureAwait(false);
        return found.Where(i => i < size).ToArray();
    }

    /// <summary>An immutable tile-store object (tile or entry bundle), or null.</summary>
    public async Task<byte[]?> ReadTileAsync(string path, CancellationToken cancellationToken)
    {
        if (TilePath.TryParseHashTile(path, out var id))
        {
            return (await HashTileAsync(id, cancellationToken).ConfigureAwait(false))?.Data;
        }

        // Entry bundles are not cached: they are large and rarely read twice.
        return await _tiles.ReadAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A hash tile from the cache, else from the store (then cached), or null when the store lacks it.</summary>
    private async Task<HashTile?> HashTileAsync(TileId id, CancellationToken cancellationToken)
    {
        var path = id.HashTilePath;
        if (_cache.TryGet(path, out var cached))
        {
            return cached;
        }

        var data = await _tiles.ReadAsync(path, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The RFC 6962 inclusion proof of <paramref name="index"/> in the tree of <paramref name="size"/> (a
    /// published size), built from that size's tiles.</summary>
    public async Task<IReadOnlyList<byte[]>> InclusionProofAsync(ulong index, ulong size, CancellationToken cancellationToken)
    {
        if (index >= size || size > Latest.Size)
        {
            throw new SignetFormatException($"no inclusion proof for index {index} in a tree of size {size} (log size {Latest.Size})");
        }

        var nodes = await FetchAsync(TileMath.TilesForInclusion(index, size), size, cancellationToken).ConfigureAwait(false);
        return InclusionProof.Build(index, size, nodes);
    }

    /// <summary>The RFC 6962 consistency proof between two published sizes.</summary>
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

    /// <summary>The root hash of the tree of a published <paramref name="size"/>.</summary>
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

    private async Task<TileNodeSource> FetchAsync(IReadOnlyList<TileId> needed, ulong size, CancellationToken cancellationToken)
    {
        var tiles = new Dictionary<TileId, HashTile>();
        foreach (var tile in needed)
        {
            // tlog-tiles "Partial Tiles": the full tile of the same coordinates serves for a partial one.
            var found = await HashTileAsync(tile, cancellationToken).ConfigureAwait(false)
                ?? (tile.IsPartial ? await HashTileAsync(tile with { Width = TileMath.TileWidth }, cancellationToken).ConfigureAwait(false) : null)
                ?? throw new InvalidOperationException($"tile {tile.HashTilePath} of published size {size} is missing");
            tiles[found.Id] = found;
        }

        return new TileNodeSource(size, tiles);
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                IntegratedState? mine = null;
                await _sequencer.TryWithIntegrationLockAsync(async ct => mine = await _integrator.IntegrateOnceAsync(ct).ConfigureAwait(false), _stop.Token).ConfigureAwait(false);
                // Publish what this front end committed at once; otherwise pick up another front end's progress.
                var state = mine ?? await _sequencer.ReadIntegratedStateAsync(_stop.Token).ConfigureAwait(false);
                if (state is not null && (_latest is null || state.Size > _latest.Size))
                {
                    Publish(state);
                    if (mine is not null)
                    {
                        QueueCheckpointFile(mine);
                    }

                    continue; // more may be waiting: integrate again at once
                }

                await _wake.WaitAsync(_options.IntegrationPoll, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                BackgroundError?.Invoke(ex);
                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Called by the appender after each durable batch: one pending wake-up is enough however many
    /// batches arrive while the integrator is busy.</summary>
    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>The checkpoint file (tlog-tiles <c>checkpoint</c>) is a copy of the committed state for file-serving
    /// deployments; it is rewritten off the publication path, always with the newest state, never going back, and at
    /// most once per <see cref="LogOptions.CheckpointFileInterval"/>. Replacing it frees an inode; doing that every
    /// round (tens of times a second) made every later file creation on ext4 scan past the recently freed inodes,
    /// which cost a tenth of the server's CPU under load (bench/Signet.LogLoad, perf).</summary>
    private void QueueCheckpointFile(IntegratedState state)
    {
        Volatile.Write(ref _checkpointToWrite, state);
        if (Interlocked.CompareExchange(ref _checkpointWriterRunning, 1, 0) == 0)
        {
            _checkpointWriter = Task.Run(CheckpointWriterAsync);
        }
    }

    private async Task CheckpointWriterAsync()
    {
        while (true)
        {
            while (Interlocked.Exchange(ref _checkpointToWrite, null) is { } state)
            {
                await WriteCheckpointFileAsync(state).ConfigureAwait(false);
                try
                {
                    await Task.Delay(_options.CheckpointFileInterval, _time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Shutting down: the newest state is written once more by DisposeAsync.
                }
            }

            Volatile.Write(ref _checkpointWriterRunning, 0);
            // A state queued after the last look but before the flag was cleared would otherwise wait for the next round.
            if (Volatile.Read(ref _checkpointToWrite) is null || Interlocked.CompareExchange(ref _checkpointWriterRunning, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task WriteCheckpointFileAsync(IntegratedState state)
    {
        try
        {
            await _tiles.WriteCheckpointAsync(state.Checkpoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BackgroundError?.Invoke(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _appender.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _checkpointWriter.ConfigureAwait(false);
        if (Interlocked.Exchange(ref _checkpointToWrite, null) is { } last)
        {
            await WriteCheckpointFileAsync(last).ConfigureAwait(false);
        }
        _stop.Dispose();
        _wake.Dispose();
    }
}

/// <summary>The outcome of an append: the entry's index (the first one for a duplicate), when it was sequenced,
/// its leaf hash, and the published state (checkpoint) that covers it.</summary>
public sealed record AppendResult(ulong Index, long IntegratedTime, bool Duplicate, byte[] LeafHash, IntegratedState Checkpoint);
