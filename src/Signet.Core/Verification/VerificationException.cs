namespace Signet.Core.Verification;

/// <summary>
/// The one exception a verifier throws when a bundle does not verify. <see cref="Code"/> is stable for machines;
/// <see cref="Step"/> names the client-spec step that failed; the message says what was wrong in words.
/// Malformed input is a <see cref="SignetFormatException"/> instead.
/// </summary>
public sealed class VerificationException : SignetException
{
    public VerificationException()
        : this(VerificationErrorCode.SignatureInvalid, "verification failed")
    {
    }

    public VerificationException(string message)
        : this(VerificationErrorCode.SignatureInvalid, message)
    {
    }

    public VerificationException(string message, Exception innerException)
        : this(VerificationErrorCode.SignatureInvalid, message, innerException)
    {
    }

    public VerificationException(VerificationErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public VerificationErrorCode Code { get; }

    public VerificationStep Step => VerificationErrorCodes.StepOf(Code);

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.VerificationFailed;

    /// <summary>The <see cref="VerificationErrorCode"/> name, e.g. <c>CheckpointInvalid</c>.</summary>
    public override string ErrorCode => Code.ToString();
}
