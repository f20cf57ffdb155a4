namespace Signet.Log.Engine;

/// <summary>Too many entries are waiting to be sequenced: the client should retry later (HTTP 503 + Retry-After),
/// as tessera's <c>ErrPushback</c>.</summary>
public sealed class LogPushbackException : Exception
{
    public LogPushbackException()
        : this("the log has too many outstanding entries; retry later")
    {
    }

    public LogPushbackException(string message)
        : base(message)
    {
    }

    public LogPushbackException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}
