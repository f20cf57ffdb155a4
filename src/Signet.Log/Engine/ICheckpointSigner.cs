namespace Signet.Log.Engine;

/// <summary>Signs the log's checkpoints: returns the complete C2SP signed note (tlog-checkpoint body + signature
/// lines) for a tree of <paramref name="size"/> with root <paramref name="rootHash"/>.</summary>
public interface ICheckpointSigner
{
    /// <summary>The checkpoint origin (first line) and note key name.</summary>
    string Origin { get; }

    byte[] SignCheckpoint(ulong size, byte[] rootHash);
}
