using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// The checkpoint file (tlog-tiles <c>checkpoint</c>) is a copy of the committed state for file-serving deployments;
/// it is rewritten off the publication path, always with the newest state, never going back, and at most once per
/// <see cref="LogOptions.CheckpointFileInterval"/>. Replacing it frees an inode; doing that every round (tens of
/// times a second) made every later file creation on ext4 scan past the recently freed inodes, which cost a tenth of
/// the server's CPU under load (bench/Signet.LogLoad, perf). Disposing writes the newest queued state, so the file
/// never lags a log that has stopped.
/// </summary>
internal sealed class CheckpointFile(ITileStore tiles, TimeSpan interval, TimeProvider time, Action<Exception> onError) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private IntegratedState? _toWrite;
    private Task _writer = Task.CompletedTask;
    private int _writerRunning;

    /// <summary>Queues <paramref name="state"/> (newer than any queued before) to be written.</summary>
    public void Queue(IntegratedState state)
    {
        Volatile.Write(ref _toWrite, state);
        if (Interlocked.CompareExchange(ref _writerRunning, 1, 0) == 0)
        {
            _writer = Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            while (Interlocked.Exchange(ref _toWrite, null) is { } state)
            {
                await WriteAsync(state).ConfigureAwait(false);
                try
                {
                    await Task.Delay(interval, time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Shutting down: the newest state is written once more by DisposeAsync.
                }
            }

            Volatile.Write(ref _writerRunning, 0);
            // A state queued after the last look but before the flag was cleared would otherwise wait for the next round.
            if (Volatile.Read(ref _toWrite) is null || Interlocked.CompareExchange(ref _writerRunning, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(IntegratedState state)
    {
        try
        {
            await tiles.WriteCheckpointAsync(state.Checkpoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            onError(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        if (Interlocked.Exchange(ref _toWrite, null) is { } last)
        {
            await WriteAsync(last).ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
