namespace Signet.Server;

/// <summary>
/// The host's log of a background loop that retries (a log's integration): the first failure with its exception,
/// then — while the same failure repeats — one line a minute with how many times it did, and one line when the loop
/// recovers. Before, each retry logged the whole exception: a full disk wrote a stack trace five times a second to
/// the operator's log for as long as it lasted.
/// </summary>
internal sealed partial class BackgroundFailureLog(ILogger logger, string what, TimeProvider time)
{
    /// <summary>How often a failure that keeps repeating is logged again.</summary>
    public static readonly TimeSpan RepeatEvery = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private string? _last;
    private DateTimeOffset _lastLogged;
    private int _unlogged;

    /// <summary>One failure: logged when it is new, or when the same one was last logged <see cref="RepeatEvery"/> ago.</summary>
    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // An I/O error's message names the file (a fresh temporary name each time): the same failure is the same
        // type and error number.
        var key = exception is IOException
            ? $"{exception.GetType().FullName}: {exception.HResult}"
            : $"{exception.GetType().FullName}: {exception.Message}";
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (key != _last)
            {
                _last = key;
                _lastLogged = now;
                _unlogged = 0;
                LogFailure(logger, what, exception);
            }
            else if (now - _lastLogged >= RepeatEvery)
            {
                LogStillFailing(logger, what, _unlogged + 1, exception.Message);
                _lastLogged = now;
                _unlogged = 0;
            }
            else
            {
                _unlogged++;
            }
        }
    }

    /// <summary>The loop succeeded after <paramref name="failedRounds"/> failed rounds.</summary>
    public void Recovered(int failedRounds)
    {
        lock (_lock)
        {
            _last = null;
            _unlogged = 0;
        }

        LogRecovered(logger, what, failedRounds);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed; retrying")]
    private static partial void LogFailure(ILogger logger, string what, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} still failing ({Count} times since last logged): {Message}")]
    private static partial void LogStillFailing(ILogger logger, string what, int count, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{What} recovered after {FailedRounds} failed rounds")]
    private static partial void LogRecovered(ILogger logger, string what, int failedRounds);
}
