using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Signet.Server.Tests.Hosting;

/// <summary>
/// <see cref="BackgroundFailureLog"/>: a retrying loop's first failure is logged with its exception; the same failure
/// again is counted and logged once a minute in one line; another failure is logged at once; a recovery is logged.
/// Before, the log's integration logged its whole exception on every retry (five a second on a full disk).
/// </summary>
public sealed class BackgroundFailureLogTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly Lines _lines = new();

    private BackgroundFailureLog Log() => new(_lines, "log test: integration", _time);

    private static IOException DiskFull(string file) =>
        new($"No space left on device : '{file}'", 28);

    [Fact]
    public void The_same_failure_is_logged_once_then_once_a_minute_with_its_count()
    {
        var log = Log();
        for (var i = 0; i < 70; i++)
        {
            // A fresh temporary file each time, as the tile store's writes have: still the same failure.
            log.Failed(DiskFull($"/data/tiles/tile/0/000.p/{i}.tmp"));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(2, _lines.Count);
        Assert.StartsWith("Error log test: integration failed; retrying | System.IO.IOException", _lines.All[0], StringComparison.Ordinal);
        Assert.Equal("Error log test: integration still failing (60 times since last logged): No space left on device : '/data/tiles/tile/0/000.p/60.tmp' | ", _lines.All[1]);
    }

    [Fact]
    public void Another_failure_is_logged_at_once_and_a_recovery_is_logged()
    {
        var log = Log();
        log.Failed(DiskFull("/a"));
        log.Failed(DiskFull("/b"));
        log.Failed(new InvalidOperationException("the database is down"));
        log.Recovered(3);
        log.Failed(DiskFull("/c"));

        Assert.Equal(4, _lines.Count);
        Assert.StartsWith("Error log test: integration failed; retrying | System.InvalidOperationException: the database is down", _lines.All[1], StringComparison.Ordinal);
        Assert.Equal("Information log test: integration recovered after 3 failed rounds | ", _lines.All[2]);
        Assert.StartsWith("Error log test: integration failed; retrying | System.IO.IOException", _lines.All[3], StringComparison.Ordinal);
    }

    private sealed class Lines : ILogger
    {
        private readonly ConcurrentQueue<string> _all = new();

        public IReadOnlyList<string> All => [.. _all];

        public int Count => _all.Count;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _all.Enqueue($"{logLevel} {formatter(state, exception)} | {exception?.GetType().FullName}{(exception is null ? "" : ": " + exception.Message)}");
    }
}
