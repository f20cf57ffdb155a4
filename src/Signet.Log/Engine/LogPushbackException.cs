using Signet.Core;

namespace Signet.Log.Engine;

/// <summary>Too many entries are waiting to be sequenced: the client should retry later (HTTP 503 + Retry-After),
/// as tessera's <c>ErrPushback</c>.</summary>
public sealed class LogPushbackException : SignetException
{
    /// <summary>Pushback for too many outstanding entries.</summary>
    public LogPushbackException()
        : this("the log has too many outstanding entries; retry later")
    {
    }

    /// <summary>Pushback saying why.</summary>
    /// <param name="message">What is overloaded.</param>
    public LogPushbackException(string message)
        : base(message)
    {
        RetryAfter = TimeSpan.FromSeconds(1);
    }

    /// <summary>Pushback saying why, with the failure that caused it.</summary>
    /// <param name="message">What is overloaded.</param>
    /// <param name="inner">The cause.</param>
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
