using Signet.Core.Notes;

namespace Signet.Log.Engine;

/// <summary>
/// Signs each checkpoint with the log's Ed25519 key and adds further signature lines under the same name, e.g. the
/// Rekor v1 ECDSA key (<c>Signet.Log.Rekor.RekorV1Key</c>). C2SP signed-note: a note may carry several signatures; a verifier
/// uses those whose key name and ID it knows and ignores the others, so Rekor v1 clients (key hint =
/// SHA-256(SPKI)[:4]) and Rekor v2 clients (C2SP key ID) both verify the same checkpoint.
/// </summary>
/// <param name="key">The log's Ed25519 checkpoint key (first signature line).</param>
/// <param name="cosigners">Further signers under the same name, in order.</param>
public sealed class CosignedCheckpointSigner(LogKey key, params INoteSigner[] cosigners) : ICheckpointSigner
{
    /// <inheritdoc/>
    public string Origin => key.Origin;

    /// <inheritdoc/>
    public byte[] SignCheckpoint(ulong size, byte[] rootHash) =>
        NoteOpener.Sign(new Checkpoint(key.Name, size, rootHash, []).Format(), [key.NoteSigner, .. cosigners]);
}
