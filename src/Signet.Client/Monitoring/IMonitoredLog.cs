namespace Signet.Client.Monitoring;

/// <summary>A log's newest head as it serves it: the signed checkpoint (a C2SP signed note) and, for a Rekor v1 log,
/// the tree ID of its active shard.</summary>
public sealed record LogHead(string SignedCheckpoint, string? TreeId);

/// <summary>
/// The reads a <see cref="LogMonitor"/> makes of a transparency log. Nothing it returns is trusted: the monitor verifies
/// the checkpoint with the log's key and the proofs against verified roots.
/// </summary>
public interface IMonitoredLog
{
    /// <summary>The log's newest signed checkpoint.</summary>
    Task<LogHead> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>The RFC 6962 §2.1.2 consistency proof from tree size <paramref name="firstSize"/> to <paramref name="lastSize"/>.</summary>
    Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong firstSize, ulong lastSize, CancellationToken cancellationToken);

    /// <summary>The log's public key as the log publishes it (PEM), for trust on first use.</summary>
    Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken);
}
