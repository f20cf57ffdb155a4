using Signet.Log.Storage;

namespace Signet.Log.Engine;

/// <summary>
/// The published checkpoints of a log: the newest one, and a wait for one that covers a given tree size. Only a state
/// the integrator has committed (tiles durable, checkpoint signed) is ever published, and published sizes never go
/// back. What readers serve and what writers promise is bounded by it.
/// </summary>
public interface ICheckpointPublisher
{
    /// <summary>The latest published state: tree size, root, and the signed checkpoint note.</summary>
    IntegratedState Latest { get; }

    /// <summary>Completes once a checkpoint with at least <paramref name="size"/> entries is published (at once when
    /// <see cref="Latest"/> already covers it). While publication is stalled at most
    /// <see cref="LogOptions.MaxWaitingWrites"/> waits are kept; further ones fail with <see cref="LogPushbackException"/>.</summary>
    /// <param name="size">The tree size needed.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task<IntegratedState> WaitForSizeAsync(ulong size, CancellationToken cancellationToken);

    /// <summary>The checkpoint to answer a write with, given the one <paramref name="committed"/> that published it
    /// (<see cref="AppendResult.Checkpoint"/>): that one itself here; a publisher that serves checkpoints only after
    /// they are witnessed answers with the first served checkpoint covering its size instead, or with this one and the
    /// cosignatures it has. Answering with the writer's own checkpoint rather than the newest keeps every write of one
    /// integration batch on the same tree size, so their inclusion proofs share the same right-edge tiles.</summary>
    /// <param name="committed">The checkpoint the write waited for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task<IntegratedState> ServeAsync(IntegratedState committed, CancellationToken cancellationToken) => Task.FromResult(committed);
}
