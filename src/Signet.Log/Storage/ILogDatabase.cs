namespace Signet.Log.Storage;

/// <summary>
/// The coordination store of a log, as one driver implements it: sequencing (<see cref="ISequencer"/>), the
/// integrated state and lock (<see cref="IIntegrationStore"/>) and the de-duplication and search indexes
/// (<see cref="ISearchIndex"/>). Implementations: <c>SqliteSequencer</c> (embedded) and <c>PostgresSequencer</c>
/// (shared by several front ends). The tiles live apart, in an <see cref="ITileStore"/>.
/// </summary>
public interface ILogDatabase : ISequencer, IIntegrationStore, ISearchIndex, IAsyncDisposable
{
}
