using Signet.Core;

namespace Signet.Ca.Ct;

/// <summary>A submission the CT log refuses (RFC 6962 §4.1: chain does not end in an accepted root, not a precertificate, …): 400.</summary>
public sealed class CtLogRejectedException : SignetException
{
    public CtLogRejectedException()
    {
    }

    public CtLogRejectedException(string message)
        : base(message)
    {
    }

    public CtLogRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.CtSubmissionRejected;
}
