using Signet.Core;

namespace Signet.Log.Ct;

/// <summary>A submission the CT log refuses (RFC 6962 §4.1: chain does not end in an accepted root, not a precertificate, …): 400.</summary>
/// <param name="message">What is wrong with the submission.</param>
/// <param name="innerException">The failure that caused the refusal, when there was one.</param>
public sealed class CtLogRejectedException(string message, Exception? innerException = null) : SignetException(message, innerException)
{
    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.CtSubmissionRejected;
}
