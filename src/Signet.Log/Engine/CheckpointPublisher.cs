using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// The integration loop of one front end: while it holds the store's integration lock it integrates what was
/// sequenced (<see cref="Integrator"/>: tiles, entry bundles, a signed checkpoint committed with compare-and-set) and
/// publishes each committed state at once; otherwise it follows the state another front end committed. It is woken
/// by the writer after each durable batch, and polls every <see cref="LogOptions.IntegrationPoll"/> otherwise. Each
/// state this front end committed is also queued for the checkpoint file (<see cref="CheckpointFile"/>). A read-only
/// front end has no integrator: it only follows. A shared store that signals changes (<see cref="ILogChangeSignal"/>)
/// wakes the loop as soon as another front end sequenced or committed. The integrating front end also deletes the
/// partial tiles that published checkpoints superseded more than the grace ago (<see cref="SupersededPartials"/>).
/// </summary>
internal sealed class CheckpointPublisher : ICheckpointPublisher, IAsyncDisposable
{
    private readonly IIntegrationStore _store;
    private readonly LogOptions _options;
    private readonly TimeProvider _time;
    private readonly Integrator? _integrator;
    private readonly CheckpointFile? _checkpointFile;
    private readonly SupersededPartials? _partials;
    private readonly ITileStore _tiles;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Task _loop;
    private readonly Task _listen;

    /// <param name="database">The store integrated into and followed.</param>
    /// <param name="tiles">Where tiles and the checkpoint file are written.</param>
    /// <param name="signer">Signs checkpoints; null for a read-only front end, which only follows.</param>
    /// <param name="options">The log's settings.</param>
    /// <param name="time">The clock of the loop's pauses.</param>
    /// <param name="cache">Receives the hash tiles this front end writes.</param>
    internal CheckpointPublisher(ILogDatabase database, ITileStore tiles, ICheckpointSigner? signer, LogOptions options, TimeProvider time, TileCache cache)
    {
        _store = database;
        _options = options;
        _time = time;
        _tiles = tiles;
        Publication = new Publication(options.MaxWaitingWrites);
        if (signer is not null)
        {
            _partials = new SupersededPartials(options.PartialTileGrace);
            _checkpointFile = new CheckpointFile(tiles, options.CheckpointFileInterval, time, ex => BackgroundError?.Invoke(ex));
            _integrator = new Integrator(database, database, tiles, signer, options)
            {
                TilesWritten = written =>
                {
                    foreach (var t in written)
                    {
                        cache.Put(t);
                    }
                },
            };
        }

        _loop = Task.Run(RunAsync);
        _listen = database is ILogChangeSignal signal ? Task.Run(() => ListenAsync(signal)) : Task.CompletedTask;
    }

    /// <summary>Called with failures of the background integration (it retries) and of checkpoint-file writes.</summary>
    public event Action<Exception>? BackgroundError;

    /// <summary>Called with the number of failed rounds when a round succeeds after failures: the background work has
    /// recovered.</summary>
    public event Action<int>? BackgroundRecovered;

    /// <summary>The integration loop's current run of failed rounds, if any (stamped with the engine's clock).</summary>
    public IntegrationHealth Health { get; } = new();

    /// <inheritdoc/>
    public IntegratedState Latest => Publication.Latest ?? throw new InvalidOperationException("the log has not published a checkpoint yet");

    /// <summary>The latest state and the waits for a size (shared with the writer, which waits without a second task).</summary>
    internal Publication Publication { get; }

    /// <inheritdoc/>
    public Task<IntegratedState> WaitForSizeAsync(ulong size, CancellationToken cancellationToken) =>
        Publication.SizeReached(size).WaitAsync(cancellationToken);

    /// <summary>Waits until <paramref name="owner"/>'s publisher has published its first state (for a new log, once
    /// the empty tree's checkpoint is committed); disposes <paramref name="owner"/> when the wait fails.</summary>
    internal static async Task<T> FirstPublicationAsync<T>(T owner, ICheckpointPublisher publisher, CancellationToken cancellationToken)
        where T : IAsyncDisposable
    {
        try
        {
            await publisher.WaitForSizeAsync(0, cancellationToken).ConfigureAwait(false);
            return owner;
        }
        catch
        {
            await owner.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Called by the writer after each durable batch: one pending wake-up is enough however many batches
    /// arrive while the integrator is busy.</summary>
    internal void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private async Task RunAsync()
    {
        var failedRounds = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                IntegratedState? mine = null;
                if (_integrator is not null)
                {
                    await _store.TryWithIntegrationLockAsync(async ct =>
                    {
                        mine = await _integrator.IntegrateOnceAsync(ct).ConfigureAwait(false);
                        await SweepAsync(ct).ConfigureAwait(false); // one sweeper at a time: the integrator
                    }, _stop.Token).ConfigureAwait(false);
                }

                // Publish what this front end committed at once; otherwise pick up another front end's progress.
                var state = mine ?? await _store.ReadIntegratedStateAsync(_stop.Token).ConfigureAwait(false);
                if (failedRounds > 0)
                {
                    Health.Succeeded();
                    BackgroundRecovered?.Invoke(failedRounds);
                    failedRounds = 0;
                }

                if (state is not null && (Publication.Latest is not { } latest || state.Size > latest.Size))
                {
                    Publication.Publish(state);
                    _partials?.Published(state.Size, _time.GetUtcNow());
                    if (mine is not null)
                    {
                        _checkpointFile!.Queue(mine);
                        continue; // more may be waiting: integrate again at once
                    }

                    // Following another front end: its next commit wakes this loop (ILogChangeSignal) or the poll does;
                    // reading again at once would only find the same state.
                }

                await _wake.WaitAsync(_options.IntegrationPoll, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failedRounds++;
                Health.Failed(ex, _time.GetUtcNow());
                BackgroundError?.Invoke(ex);
                try
                {
                    await Task.Delay(RetryDelay(failedRounds), _time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The pause after the <paramref name="failedRounds"/>th failed round in a row: 200 ms, doubling up to
    /// <see cref="MaxRetryDelay"/>. A passing failure is retried at once; one that lasts (a full disk, a database that is
    /// down) is not retried five times a second for as long as it lasts.</summary>
    internal static TimeSpan RetryDelay(int failedRounds) =>
        TimeSpan.FromMilliseconds(Math.Min(200.0 * Math.Pow(2, Math.Min(failedRounds, 16) - 1), MaxRetryDelay.TotalMilliseconds));

    /// <summary>The longest pause between two failed rounds: how long the log may stay behind once the cause is gone.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Deletes the partial tiles superseded past the grace (<see cref="SupersededPartials"/>); a failure is
    /// reported and leaves them for the next sweep, never failing the round.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _partials!.SweepAsync(_tiles, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            BackgroundError?.Invoke(ex);
        }
    }

    /// <summary>Wakes the loop whenever another front end sequenced or integrated (<see cref="ILogChangeSignal"/>);
    /// listens again after a failure.</summary>
    private async Task ListenAsync(ILogChangeSignal signal)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await signal.ListenAsync(Wake, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                BackgroundError?.Invoke(ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Stops the loop (a round in progress finishes or is cancelled) and writes the newest checkpoint file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _listen.ConfigureAwait(false);
        if (_checkpointFile is not null)
        {
            await _checkpointFile.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _wake.Dispose();
    }
}
