using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// The latest published state and the waits for a size it does not cover yet. Waits are kept in order of the size
/// each needs, so a publication wakes only those it covers (with hundreds of writes in flight, waking every waiter on
/// every round and re-queueing most of them cost measurable CPU). A caller that stops waiting leaves its wait queued
/// until a publication covers it; while publication is stalled, at most <see cref="LogOptions.MaxWaitingWrites"/>
/// are kept and further waits are pushed back.
/// </summary>
internal sealed class Publication(int maxWaiting)
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<TaskCompletionSource<IntegratedState>, ulong> _waiters = new(); // by the size each needs
    private IntegratedState? _latest;

    /// <summary>The latest published state, or null before the first publication.</summary>
    public IntegratedState? Latest => Volatile.Read(ref _latest);

    /// <summary>Completes when a checkpoint of at least <paramref name="size"/> is published; pushback (through the
    /// task, like every other outcome of a wait) when <c>maxWaiting</c> waits are queued already.</summary>
    public Task<IntegratedState> SizeReached(ulong size)
    {
        var latest = Volatile.Read(ref _latest);
        if (latest is not null && latest.Size >= size)
        {
            return Task.FromResult(latest);
        }

        var waiter = new TaskCompletionSource<IntegratedState>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            // Re-read under the lock: a publication between the first read and here has already drained the queue.
            latest = Volatile.Read(ref _latest);
            if (latest is not null && latest.Size >= size)
            {
                return Task.FromResult(latest);
            }

            if (_waiters.Count >= maxWaiting)
            {
                return Task.FromException<IntegratedState>(new LogPushbackException($"{maxWaiting} writes are waiting for a checkpoint; the log is not publishing"));
            }

            _waiters.Enqueue(waiter, size);
        }

        return waiter.Task;
    }

    /// <summary>Makes <paramref name="state"/> the latest and completes every wait it covers.</summary>
    public void Publish(IntegratedState state)
    {
        List<TaskCompletionSource<IntegratedState>>? covered = null;
        lock (_gate)
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
}
