using Signet.Core;

namespace Signet.Witness;

/// <summary>Why a witness refuses an <c>add-checkpoint</c> request (C2SP tlog-witness §add-checkpoint), each with its
/// HTTP status there. Malformed requests (400) are <see cref="SignetFormatException"/>s.</summary>
public enum WitnessRefusal
{
    /// <summary>The checkpoint's origin is not a log this witness follows (404).</summary>
    UnknownLog,

    /// <summary>No trusted signature of the log verified, or a trusted key's signature line did not verify (403).</summary>
    UnsignedCheckpoint,

    /// <summary>The old size is not the size of the checkpoint the witness last cosigned (409 with that size).</summary>
    SizeMismatch,

    /// <summary>The checkpoint is not consistent with the one the witness last cosigned: a bad consistency proof, a
    /// different root for the same size, or a non-empty root for size 0 (422).</summary>
    InconsistentCheckpoint,
}

/// <summary>An <c>add-checkpoint</c> request the witness refuses; nothing was cosigned or stored.</summary>
public sealed class WitnessRefusedException : SignetException
{
    /// <summary>A refusal for <paramref name="refusal"/>.</summary>
    /// <param name="refusal">Why.</param>
    /// <param name="message">What, in words.</param>
    /// <param name="latestSize">For <see cref="WitnessRefusal.SizeMismatch"/>, the size the witness last cosigned.</param>
    public WitnessRefusedException(WitnessRefusal refusal, string message, ulong latestSize = 0)
        : base(message)
    {
        Refusal = refusal;
        LatestSize = latestSize;
    }

    /// <summary>Why.</summary>
    public WitnessRefusal Refusal { get; }

    /// <summary>For <see cref="WitnessRefusal.SizeMismatch"/>: the size of the checkpoint the witness last cosigned.</summary>
    public ulong LatestSize { get; }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => Refusal switch
    {
        WitnessRefusal.UnknownLog => SignetErrorKind.NotFound,
        WitnessRefusal.SizeMismatch => SignetErrorKind.Conflict,
        _ => SignetErrorKind.VerificationFailed,
    };

    /// <summary><c>Witness</c> + the <see cref="WitnessRefusal"/> name (<see cref="SignetErrorCodes.WitnessUnsignedCheckpoint"/>,
    /// <see cref="SignetErrorCodes.WitnessInconsistentCheckpoint"/>, …).</summary>
    public override string ErrorCode => "Witness" + Refusal;
}
