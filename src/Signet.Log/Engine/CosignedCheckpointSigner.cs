using Signet.Core.Notes;

namespace Signet.Log.Engine;

/// <summary>
/// Signs each checkpoint with the log's Ed25519 key and adds further signature lines under the same name, e.g. the
/// Rekor v1 ECDSA key (<see cref="RekorV1Key"/>). C2SP signed-note: a note may carry several signatures; a verifier
/// uses those whose key name and ID it knows and ignores the others, so Rekor v1 clients (key hint =
/// SHA-256(SPKI)[:4]) and Rekor v2 clients (C2SP key ID) both verify the same checkpoint.
/// </summary>
public sealed class CosignedCheckpointSigner(LogKey key, params INoteSigner[] cosigners) : ICheckpointSigner
{
    public string Origin => key.Origin;

    public byte[] SignCheckpoint(ulong size, byte[] rootHash) =>
        NoteOpener.Sign(new Checkpoint(key.Name, size, rootHash, []).Format(), [key.NoteSigner, .. cosigners]);
}
