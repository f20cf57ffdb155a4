namespace Signet.Log.Storage;

/// <summary>
/// Where C2SP tlog-tiles objects live: hash tiles and entry bundles are immutable (written once, idempotently, and
/// durable when the call returns); the checkpoint is the only object ever replaced, and only atomically. Partial tiles
/// and bundles (<c>….p/W</c>) are the only objects ever deleted, once a longer one has superseded them.
/// </summary>
public interface ITileStore
{
    /// <summary>Writes immutable objects (e.g. <c>tile/0/x001/067.p/8</c>), all durable when the task completes.
    /// Writing a path again with the same bytes is a no-op.</summary>
    Task WriteImmutableAsync(IReadOnlyList<TileObject> objects, CancellationToken cancellationToken);

    /// <summary>The object at <paramref name="path"/>, or null.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Atomically and durably replaces the published checkpoint.</summary>
    Task WriteCheckpointAsync(ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken);

    /// <summary>The paths of every partial hash tile and partial entry bundle in the store (C2SP tlog-tiles
    /// <c>tile/L/N.p/W</c>, <c>tile/entries/N.p/W</c>), from which the integrator picks those superseded.</summary>
    Task<IReadOnlyList<string>> ListPartialsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes partial hash tiles and partial entry bundles (a path already gone is skipped). Any other path is
    /// refused with <see cref="ArgumentException"/> before anything is deleted: full tiles, full bundles and every
    /// other object are immutable for good. The caller deletes only partials a committed checkpoint has superseded.</summary>
    Task DeletePartialsAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);
}

/// <summary>One tile-store object: its tlog-tiles path and bytes.</summary>
public readonly record struct TileObject(string Path, ReadOnlyMemory<byte> Data);
