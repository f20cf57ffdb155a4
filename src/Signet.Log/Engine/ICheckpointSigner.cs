namespace Signet.Log.Engine;

/// <summary>Signs the log's checkpoints: the integrator calls it once per committed tree, never for two inconsistent
/// trees (see <see cref="Integrator"/>).</summary>
public interface ICheckpointSigner
{
    /// <summary>The checkpoint origin (first line) and note key name.</summary>
    string Origin { get; }

    /// <summary>The complete C2SP signed note (tlog-checkpoint body + signature lines) for a tree of
    /// <paramref name="size"/> with root <paramref name="rootHash"/>.</summary>
    /// <param name="size">The tree size.</param>
    /// <param name="rootHash">The RFC 6962 root hash of that tree.</param>
    byte[] SignCheckpoint(ulong size, byte[] rootHash);
}
