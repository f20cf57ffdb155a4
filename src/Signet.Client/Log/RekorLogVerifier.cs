using System.Text;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Core.Rekor;

namespace Signet.Client.Log;

/// <summary>
/// Client-side checks of what a Rekor-compatible log returns, against the log's public key: the checkpoint's note
/// signature (the key hint may belong to a key name other than the origin, as Rekor v1 names its key by host), an
/// entry's inclusion proof up to a verified checkpoint, its signed entry timestamp, and consistency between two
/// checkpoints. Failures throw <see cref="NoteVerificationException"/> or <see cref="MerkleProofException"/>.
/// </summary>
public static class RekorLogVerifier
{
    /// <summary>
    /// Verifies the log's signature on a signed checkpoint note with <paramref name="logKey"/> and returns the parsed
    /// checkpoint.
    /// </summary>
    public static Checkpoint VerifyCheckpoint(string signedNote, VerificationKey logKey)
    {
        var message = Encoding.UTF8.GetBytes(signedNote);
        var note = SignedNote.Parse(message);
        foreach (var s in note.Signatures)
        {
            if (NoteKeyId.IsValidName(s.Name) && RekorNoteVerifier.KeyHashOf(s.Name, logKey) == s.KeyHash)
            {
                return CheckpointVerifier.Verify(message, RekorNoteVerifier.Create(s.Name, logKey)).Checkpoint;
            }
        }

        throw new NoteVerificationException(NoteVerificationError.LogSignatureMissing, "checkpoint: no signature by the given log key");
    }

    /// <summary>Verifies the entry's checkpoint, inclusion proof and (when present) SET; returns the checkpoint.</summary>
    public static Checkpoint VerifyEntry(RekorEntry entry, VerificationKey logKey)
    {
        var proof = entry.InclusionProof ?? throw new MerkleProofException("the entry carries no inclusion proof");
        var checkpoint = VerifyCheckpoint(proof.Checkpoint, logKey);
        if (checkpoint.Size != proof.TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
        {
            throw new MerkleProofException("the inclusion proof's tree size or root differs from its signed checkpoint");
        }

        if (proof.LogIndex != entry.LogIndex)
        {
            throw new MerkleProofException("the inclusion proof is for another index than the entry");
        }

        InclusionProof.Verify(entry.LogIndex, proof.TreeSize, Rfc6962.HashLeaf(entry.Body), proof.Hashes, checkpoint.RootHash);
        if (entry.SignedEntryTimestamp is { } set)
        {
            // Rekor v1 SET over {body, integratedTime, logID, logIndex}; the response names the log ID in hex.
            if (!TryHex(entry.LogId, out var logId)
                || !SignedEntryTimestamp.Verify(logKey, set, entry.Body, entry.IntegratedTime, logId, (long)entry.LogIndex))
            {
                throw new NoteVerificationException(NoteVerificationError.InvalidSignature, "the signed entry timestamp does not verify with the log key");
            }
        }

        return checkpoint;
    }

    /// <summary>A log ID in the lowercase hex the SET payload names it by; any other spelling cannot match it.</summary>
    private static bool TryHex(string hex, out byte[] bytes)
    {
        bytes = [];
        if (hex.Length % 2 != 0 || hex.Any(char.IsAsciiLetterUpper))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
