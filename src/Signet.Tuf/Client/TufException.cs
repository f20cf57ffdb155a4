using Signet.Core;

namespace Signet.Tuf.Client;

/// <summary>Why the TUF client refused what a repository (or its local cache) gave it.</summary>
public enum TufErrorCode
{
    /// <summary>Fewer distinct trusted keys signed the metadata than its role's threshold (TUF §5.3.4, §5.4.2).</summary>
    BelowThreshold,

    /// <summary>A version went backwards: older timestamp, snapshot or targets than already trusted (TUF §5.4.3, §5.5.5).</summary>
    Rollback,

    /// <summary>Metadata's version is not the one that the signing chain named (TUF §5.3.5, §5.5.3, §5.6.3): mix-and-match.</summary>
    VersionMismatch,

    /// <summary>Metadata expired before the update started: a freeze attack or a stale repository (TUF §5.3.10, §5.4.4).</summary>
    Expired,

    /// <summary>A file's length or hash is not the one the trusted metadata lists (TUF §5.5.2, §5.6.2, §5.7.3).</summary>
    LengthOrHashMismatch,

    /// <summary>A download went past its size cap: endless data (TUF §5.3.3 "W bytes", §5.4.1 "X bytes").</summary>
    TooLarge,

    /// <summary>A file is of the wrong <c>_type</c>, or a snapshot dropped metadata an older one listed.</summary>
    WrongContent,

    /// <summary>More root rotations than the client allows in one update (TUF §5.3.3, "Y").</summary>
    TooManyRootRotations,

    /// <summary>The repository lacks a file the workflow needs, or the target is not listed.</summary>
    NotFound,

    /// <summary>The local trust store is missing or unusable (run <c>signet trust init</c>).</summary>
    NotInitialized,

    /// <summary>Another process kept the local trust store locked for longer than the wait (see <c>TrustStoreLock</c>).</summary>
    StoreBusy,
}

/// <summary>
/// The TUF client refused an update; <see cref="Code"/> says which rule failed, the message names the file. A refusal
/// is <see cref="SignetErrorKind.VerificationFailed"/>; a missing or unusable local trust store is invalid input, and
/// a mirror that could not be reached, or a store another process kept locked, makes the failure
/// <see cref="SignetErrorKind.Unavailable"/>.
/// </summary>
public sealed class TufException(TufErrorCode code, string message, Exception? innerException = null) : SignetException(message, innerException)
{
    public TufException(string message, Exception? innerException = null)
        : this(default, message, innerException)
    {
    }

    public TufErrorCode Code { get; } = code;

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind =>
        InnerException is HttpRequestException or TaskCanceledException or TimeoutException || Code == TufErrorCode.StoreBusy
            ? SignetErrorKind.Unavailable
        : Code == TufErrorCode.NotInitialized ? SignetErrorKind.InvalidInput
        : SignetErrorKind.VerificationFailed;

    /// <summary><c>Tuf</c> + the <see cref="TufErrorCode"/> name, e.g. <c>TufRollback</c>.</summary>
    public override string ErrorCode => "Tuf" + Code;
}
