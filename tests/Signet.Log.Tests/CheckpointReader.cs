using Signet.Core.Notes;
using Signet.Log.Engine;

namespace Signet.Log.Tests;

/// <summary>Checks a signed checkpoint as a client does, with Signet.Core's note verifier for the log key.</summary>
public static class CheckpointReader
{
    public static (ulong Size, byte[] Root) Verify(byte[] note, LogKey key)
    {
        var verified = CheckpointVerifier.Verify(note, RekorNoteVerifier.Create(key.Name, key.PublicKey), key.Name);
        return (verified.Checkpoint.Size, verified.Checkpoint.RootHash);
    }
}
