namespace Signet.Core;

/// <summary>
/// A service cannot do what was asked for now, through no fault of the request (<see cref="SignetErrorKind.Unavailable"/>:
/// HTTP 503, CLI exit 4): <see cref="ErrorCode"/> names why, <see cref="SignetException.RetryAfter"/> when to try again
/// if known.
/// </summary>
public sealed class SignetUnavailableException(string errorCode, string message, Exception? innerException = null)
    : SignetException(message, innerException)
{
    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.Unavailable;

    /// <inheritdoc/>
    public override string ErrorCode { get; } = errorCode;
}
