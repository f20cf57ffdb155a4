namespace Signet.Tuf.Client;

/// <summary>
/// The client's local trust store: the metadata it last trusted (non-versioned names, <c>root.json</c>,
/// <c>timestamp.json</c>, ...) and the target files it fetched. Writes must be atomic: a reader sees the old file or
/// the new one, never a torn one. <see cref="FileSystemTufCache"/> is the on-disk implementation.
/// </summary>
public interface ITufCache
{
    /// <summary>Reads metadata by role name (<c>root</c>, <c>timestamp</c>, <c>snapshot</c>, <c>targets</c>); null if absent.</summary>
    byte[]? ReadMetadata(string role);

    void WriteMetadata(string role, ReadOnlySpan<byte> data);

    void DeleteMetadata(string role);

    byte[]? ReadTarget(string targetPath);

    void WriteTarget(string targetPath, ReadOnlySpan<byte> data);
}
