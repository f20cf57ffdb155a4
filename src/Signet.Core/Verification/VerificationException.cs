namespace Signet.Core.Verification;

/// <summary>
/// The one exception a verifier throws when a bundle does not verify. <see cref="Code"/> is stable for machines;
/// <see cref="Step"/> names the client-spec step that failed; the message says what was wrong in words.
/// Malformed input is a <see cref="SignetFormatException"/> instead.
/// </summary>
public sealed class VerificationException : SignetException
{
    /// <summary>Creates a failure with the generic code <see cref="VerificationErrorCode.SignatureInvalid"/>.</summary>
    public VerificationException()
        : this(VerificationErrorCode.SignatureInvalid, "verification failed")
    {
    }

    /// <summary>
    /// Creates a failure with the generic code <see cref="VerificationErrorCode.SignatureInvalid"/> and the given
    /// reason.
    /// </summary>
    public VerificationException(string message)
        : this(VerificationErrorCode.SignatureInvalid, message)
    {
    }

    /// <summary>
    /// Creates a failure with the generic code, keeping the underlying error as <paramref name="innerException"/>.
    /// </summary>
    public VerificationException(string message, Exception innerException)
        : this(VerificationErrorCode.SignatureInvalid, message, innerException)
    {
    }

    /// <summary>Creates a failure with its stable <paramref name="code"/> and a reason in words.</summary>
    public VerificationException(VerificationErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The stable reason the bundle was refused.</summary>
    public VerificationErrorCode Code { get; }

    /// <summary>The client-spec verification step the failure belongs to, derived from <see cref="Code"/>.</summary>
    public VerificationStep Step => VerificationErrorCodes.StepOf(Code);

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.VerificationFailed;

    /// <summary>The <see cref="VerificationErrorCode"/> name, e.g. <c>CheckpointInvalid</c>.</summary>
    public override string ErrorCode => Code.ToString();
}
