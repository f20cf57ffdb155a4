namespace Signet.Log.Storage;

/// <summary>
/// Where C2SP tlog-tiles objects live: hash tiles and entry bundles are immutable (written once, idempotently, and
/// durable when the call returns); the checkpoint is the only object ever replaced, and only atomically.
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
}

/// <summary>One tile-store object: its tlog-tiles path and bytes.</summary>
public readonly record struct TileObject(string Path, ReadOnlyMemory<byte> Data);
