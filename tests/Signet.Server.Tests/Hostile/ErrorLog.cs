using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Signet.Server.Tests.Hostile;

/// <summary>
/// Keeps what a server logs at Error or above (an unhandled exception in a request or a connection): a hostile
/// request answered with a clean 4xx must not have left one behind. Added to a test server's logging. With
/// <paramref name="minimum"/> <see cref="LogLevel.Warning"/>, it keeps the warnings too.
/// </summary>
public sealed class ErrorLog(LogLevel minimum = LogLevel.Error) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Every entry so far: category, level, message and exception.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>Forgets the entries so far (between cases of one shared server).</summary>
    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries, minimum);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
