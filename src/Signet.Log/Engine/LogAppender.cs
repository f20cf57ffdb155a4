using System.Threading.Channels;
using Signet.Log.Storage;
using Signet.Log.Telemetry;

namespace Signet.Log.Engine;

/// <summary>
/// Batches concurrent appends into durable sequencing transactions (group commit): an index is handed back only
/// after the batch holding it is committed by the <see cref="ISequencer"/> (fsync'd). Beyond
/// <see cref="LogOptions.MaxOutstanding"/> waiting entries, <see cref="AddAsync"/> fails fast with
/// <see cref="LogPushbackException"/> instead of queueing without bound.
/// </summary>
internal sealed class LogAppender : IAsyncDisposable
{
    private readonly ISequencer _sequencer;
    private readonly LogOptions _options;
    private readonly TimeProvider _time;
    private readonly Action _onDurable;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _outstanding;

    /// <param name="sequencer">Makes batches durable.</param>
    /// <param name="options">Batch sizes and the outstanding limit.</param>
    /// <param name="time">The clock of integrated times and lingering.</param>
    /// <param name="onDurable">Called after each batch is durably sequenced (e.g. to wake the integrator).</param>
    public LogAppender(ISequencer sequencer, LogOptions options, TimeProvider time, Action onDurable)
    {
        _onDurable = onDurable;
        _sequencer = sequencer;
        _options = options;
        _time = time;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Entries accepted and not yet durably sequenced.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Appends one entry; completes with its durable index (the first index if the leaf was already logged).</summary>
    public Task<SequencedEntry> AddAsync(PendingEntry entry, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _outstanding) > _options.MaxOutstanding)
        {
            Interlocked.Decrement(ref _outstanding);
            LogTelemetry.RecordPushback(_options.Origin, "outstanding");
            throw new LogPushbackException();
        }

        var pending = new Pending(entry, new TaskCompletionSource<SequencedEntry>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _outstanding);
            throw new ObjectDisposedException(nameof(LogAppender));
        }

        // The caller may stop waiting; the entry is still sequenced (it may already be durable).
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.MaxBatchSize);
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var p))
                {
                    batch.Add(p);
                }

                if (_options.BatchLinger > TimeSpan.Zero && batch.Count < _options.MaxBatchSize)
                {
                    using var linger = new CancellationTokenSource(_options.BatchLinger, _time);
                    try
                    {
                        while (batch.Count < _options.MaxBatchSize && await reader.WaitToReadAsync(linger.Token).ConfigureAwait(false))
                        {
                            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var p))
                            {
                                batch.Add(p);
                            }
                        }
                    }
                    catch (OperationCanceledException) when (linger.IsCancellationRequested)
                    {
                    }
                }

                await CommitAsync(batch).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }

        while (reader.TryRead(out var left))
        {
            left.Done.TrySetException(new ObjectDisposedException(nameof(LogAppender), "the log is shutting down"));
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            var entries = new PendingEntry[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                entries[i] = batch[i].Entry;
            }

            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            var results = await _sequencer.SequenceAsync(entries, now, _stop.Token).ConfigureAwait(false);
            _onDurable();
            var duplicates = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                duplicates += results[i].Duplicate ? 1 : 0;
                batch[i].Done.TrySetResult(results[i]);
            }

            Record(batch.Count, duplicates);
        }
        catch (Exception ex)
        {
            foreach (var p in batch)
            {
                p.Done.TrySetException(ex);
            }
        }
        finally
        {
            Interlocked.Add(ref _outstanding, -batch.Count);
        }
    }

    private void Record(int batchSize, int duplicates)
    {
        var origin = LogTelemetry.Origin(_options.Origin);
        LogTelemetry.SequencingBatchSize.Record(batchSize, origin);
        if (batchSize > duplicates)
        {
            LogTelemetry.EntriesSequenced.Add(batchSize - duplicates, origin, new("signet.log.duplicate", false));
        }

        if (duplicates > 0)
        {
            LogTelemetry.EntriesSequenced.Add(duplicates, origin, new("signet.log.duplicate", true));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete(); // drain what was accepted, then stop
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private sealed record Pending(PendingEntry Entry, TaskCompletionSource<SequencedEntry> Done);
}
