namespace Signet.Core.Notes;

/// <summary>A checkpoint whose log signature verified, with the opened note (witness cosignatures included).</summary>
public sealed record VerifiedCheckpoint(Checkpoint Checkpoint, OpenedNote Note);

/// <summary>
/// Verifies a signed checkpoint: the note must carry a valid signature by the log's key (a witness alone is not
/// enough), the body must be a well-formed checkpoint and, when given, the origin must match. Known witness keys are
/// verified (a bad cosignature from a known witness rejects the note); unknown signatures are ignored.
/// </summary>
public static class CheckpointVerifier
{
    /// <summary>
    /// Opens <paramref name="message"/> with the log key and the witness keys given in <paramref name="witnesses"/>,
    /// then parses its body as a checkpoint (its origin must equal <paramref name="expectedOrigin"/> when given); throws <see cref="NoteVerificationException"/> when it does not verify.
    /// </summary>
    public static VerifiedCheckpoint Verify(
        ReadOnlySpan<byte> message,
        INoteVerifier logKey,
        string? expectedOrigin = null,
        IEnumerable<INoteVerifier>? witnesses = null)
    {
        ArgumentNullException.ThrowIfNull(logKey);
        var verifiers = witnesses is null ? [logKey] : witnesses.Prepend(logKey).ToArray();
        var note = NoteOpener.Open(message, verifiers);
        var signedByLog = false;
        foreach (var s in note.Verified)
        {
            if (s.KeyHash == logKey.KeyHash && string.Equals(s.Name, logKey.Name, StringComparison.Ordinal))
            {
                signedByLog = true;
                break;
            }
        }

        if (!signedByLog)
        {
            throw new NoteVerificationException(NoteVerificationError.LogSignatureMissing, $"checkpoint: no signature by the log key {logKey.Name}+{logKey.KeyHash:x8}");
        }

        var checkpoint = Checkpoint.Parse(note.Text);
        if (expectedOrigin is not null && !string.Equals(checkpoint.Origin, expectedOrigin, StringComparison.Ordinal))
        {
            throw new NoteVerificationException(NoteVerificationError.OriginMismatch, $"checkpoint: origin '{checkpoint.Origin}' is not the expected '{expectedOrigin}'");
        }

        return new VerifiedCheckpoint(checkpoint, note);
    }
}
