namespace Signet.Log.Storage;

/// <summary>
/// Implemented by a store that several front ends share when it can tell them at once that one of them sequenced
/// entries or committed a new integrated state (PostgreSQL: LISTEN/NOTIFY). The integrating front end then
/// integrates another front end's entries without waiting for its poll, and the others publish the new checkpoint
/// without waiting for theirs; the poll (<see cref="Engine.LogOptions.IntegrationPoll"/>) stays as the bound when a
/// signal is lost.
/// </summary>
public interface ILogChangeSignal
{
    /// <summary>Listens until <paramref name="cancellationToken"/> is cancelled (or the connection fails, which
    /// throws), calling <paramref name="changed"/> for each change any front end reported that this front end may have
    /// work for (a store may leave out, e.g., sequencing by others while another front end integrates).</summary>
    /// <param name="changed">Called on each change; must not block.</param>
    /// <param name="cancellationToken">Stops listening.</param>
    Task ListenAsync(Action changed, CancellationToken cancellationToken);
}
