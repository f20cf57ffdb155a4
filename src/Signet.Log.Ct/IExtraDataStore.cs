namespace Signet.Log.Ct;

/// <summary>
/// Where the extra_data of each CT log entry (RFC 6962 §4.6: the submitted chain) is kept, by leaf hash. A chain is
/// durable before its leaf is sequenced, so <c>get-entries</c> never finds a leaf without its chain. Implementations:
/// <see cref="ExtraDataStore"/> (files beside an embedded log) and <see cref="TileStoreExtraData"/> (the log's tile
/// store, e.g. PostgreSQL shared by several front ends).
/// </summary>
public interface IExtraDataStore
{
    /// <summary>Durably writes <paramref name="extraData"/> for the leaf <paramref name="leafHash"/> (the same leaf
    /// always comes with the same chain).</summary>
    /// <param name="leafHash">The RFC 6962 leaf hash of the MerkleTreeLeaf.</param>
    /// <param name="extraData">The TLS-encoded chain.</param>
    /// <param name="cancellationToken">Cancels before the chain is durable.</param>
    Task WriteAsync(byte[] leafHash, byte[] extraData, CancellationToken cancellationToken);

    /// <summary>The extra_data written for the leaf <paramref name="leafHash"/>; an <see cref="IOException"/> when
    /// there is none.</summary>
    /// <param name="leafHash">The RFC 6962 leaf hash of a logged MerkleTreeLeaf.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<byte[]> ReadAsync(byte[] leafHash, CancellationToken cancellationToken);
}
