namespace Signet.Core;

/// <summary>
/// The base of every exception Signet raises on purpose. <see cref="ErrorKind"/> says what kind of failure it is, and
/// so the CLI exit code and the HTTP status; <see cref="ErrorCode"/> is a stable, machine-readable name of the reason
/// (<see cref="SignetErrorCodes"/>); the message says it in words, on one line. Anything else that escapes a command
/// or a request, other than an I/O or network failure, is a bug.
/// </summary>
public abstract class SignetException : Exception
{
    /// <summary>An exception with the runtime's default message.</summary>
    protected SignetException()
    {
    }

    /// <summary>An exception whose <paramref name="message"/> says what was wrong.</summary>
    protected SignetException(string message)
        : base(message)
    {
    }

    /// <summary>An exception whose <paramref name="message"/> says what was wrong, caused by <paramref name="innerException"/>.</summary>
    protected SignetException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What kind of failure this is.</summary>
    public abstract SignetErrorKind ErrorKind { get; }

    /// <summary>The reason, as a stable PascalCase name (see <see cref="SignetErrorCodes"/> for the list).</summary>
    public abstract string ErrorCode { get; }

    /// <summary>For an overloaded service (<see cref="SignetErrorKind.Unavailable"/>): when to try again, if known
    /// (HTTP <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
