namespace Signet.Core.Notes;

/// <summary>Why a well-formed note did not verify.</summary>
public enum NoteVerificationError
{
    /// <summary>No signature from a known key verified (C2SP signed-note: clients MUST reject).</summary>
    NoVerifiedSignature,

    /// <summary>A known key's signature failed to verify (C2SP signed-note: clients SHOULD reject; Signet does).</summary>
    InvalidSignature,

    /// <summary>Two known keys share the name and key ID used by a signature line.</summary>
    AmbiguousKey,

    /// <summary>The checkpoint verified, but not by the log key the caller required.</summary>
    LogSignatureMissing,

    /// <summary>The checkpoint's origin line is not the one the caller expected.</summary>
    OriginMismatch,

    /// <summary>Fewer trusted witnesses cosigned the checkpoint than the caller's quorum (<see cref="WitnessQuorum"/>).</summary>
    WitnessQuorumNotMet,
}

/// <summary>A signed note or checkpoint is well-formed but does not verify. <see cref="Error"/> is stable for callers.</summary>
public sealed class NoteVerificationException : SignetException
{
    /// <summary>
    /// Creates the failure with the generic reason <see cref="NoteVerificationError.NoVerifiedSignature"/>.
    /// </summary>
    public NoteVerificationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the failure with its stable reason <paramref name="error"/> and a message in words.</summary>
    public NoteVerificationException(NoteVerificationError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Why the note did not verify.</summary>
    public NoteVerificationError Error { get; }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.VerificationFailed;

    /// <summary><c>Note</c> + the <see cref="NoteVerificationError"/> name, e.g. <c>NoteInvalidSignature</c>.</summary>
    public override string ErrorCode => "Note" + Error;
}
