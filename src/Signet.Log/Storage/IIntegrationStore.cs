namespace Signet.Log.Storage;

/// <summary>
/// Where the integrator's progress is committed: the integrated state (tree size, root, frontier and the signed
/// checkpoint), advanced only with compare-and-set, and an integration lock so that one integrator at a time extends
/// the tree, however many front ends share the store (C2SP tlog-checkpoint: a log never signs two inconsistent
/// checkpoints).
/// </summary>
public interface IIntegrationStore
{
    /// <summary>The last committed integrated state, or null for a log never integrated.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IntegratedState?> ReadIntegratedStateAsync(CancellationToken cancellationToken);

    /// <summary>Commits <paramref name="next"/> only if the stored state still has size <paramref name="expectedSize"/>
    /// (0 when none); returns false when another integrator got there first.</summary>
    /// <param name="expectedSize">The size the caller extended.</param>
    /// <param name="next">The new state; durable when the call returns true.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    Task<bool> TryCommitIntegratedStateAsync(ulong expectedSize, IntegratedState next, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="integrate"/> while holding the store's integration lock, if it can be taken
    /// without waiting; returns false when another front end holds it.</summary>
    /// <param name="integrate">The work done under the lock.</param>
    /// <param name="cancellationToken">Passed to <paramref name="integrate"/>.</param>
    Task<bool> TryWithIntegrationLockAsync(Func<CancellationToken, Task> integrate, CancellationToken cancellationToken);
}
