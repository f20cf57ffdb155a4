using Signet.Core;

namespace Signet.Log.Engine;

/// <summary>Too many entries are waiting to be sequenced: the client should retry later (HTTP 503 + Retry-After),
/// as tessera's <c>ErrPushback</c>.</summary>
public sealed class LogPushbackException : SignetException
{
    public LogPushbackException()
        : this("the log has too many outstanding entries; retry later")
    {
    }

    public LogPushbackException(string message)
        : base(message)
    {
        RetryAfter = TimeSpan.FromSeconds(1);
    }

    public LogPushbackException(string message, Exception inner)
        : base(message, inner)
    {
        RetryAfter = TimeSpan.FromSeconds(1);
    }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.Unavailable;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.LogPushback;
}
