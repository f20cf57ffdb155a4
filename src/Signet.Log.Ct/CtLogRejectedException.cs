using Signet.Core;

namespace Signet.Log.Ct;

/// <summary>A submission the CT log refuses (RFC 6962 §4.1: chain does not end in an accepted root, not a precertificate, …): 400.</summary>
public sealed class CtLogRejectedException : SignetException
{
    /// <summary>A refusal without a message.</summary>
    public CtLogRejectedException()
    {
    }

    /// <summary>A refusal saying why.</summary>
    /// <param name="message">What is wrong with the submission.</param>
    public CtLogRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal saying why, with the failure that caused it.</summary>
    /// <param name="message">What is wrong with the submission.</param>
    /// <param name="innerException">The cause.</param>
    public CtLogRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.CtSubmissionRejected;
}
