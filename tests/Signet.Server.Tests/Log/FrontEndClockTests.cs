using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Signet.Server.Tests.Hostile;

namespace Signet.Server.Tests.Log;

/// <summary>
/// A front end of a shared log whose clock is off the others' says so when it starts: one front end's certificate
/// (notBefore) and another's log entry (integrated time) or timestamp must be in order for a verifier, in whole
/// seconds, so a bundle signed through two front ends a few seconds apart fails to verify now and then. PostgreSQL's
/// clock is the one every front end reaches.
/// </summary>
[Collection("postgres")]
public sealed class FrontEndClockTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_front_end_whose_clock_is_off_the_databases_warns_at_start_and_one_in_step_does_not()
    {
        var database = postgres.CreateDatabase();
        var (aheadWarnings, inStepWarnings) = (await StartAsync(database, TimeSpan.FromSeconds(5)), await StartAsync(database, TimeSpan.Zero));

        var warning = Assert.Single(aheadWarnings, w => w.Contains("clock", StringComparison.Ordinal));
        Assert.Contains("log clock.test: this front end's clock is +5.0 s off PostgreSQL's: front ends sharing a log must agree within 1 s", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(inStepWarnings, w => w.Contains("clock", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> StartAsync(string database, TimeSpan offset)
    {
        using var log = new ErrorLog(LogLevel.Warning);
        await using (await TestServer.StartAsync(
            o => o with { Services = new HashSet<string> { "log" }, LogOrigin = "clock.test", LogPostgresConnectionString = database },
            b =>
            {
                b.Services.AddSingleton<TimeProvider>(new OffsetTime(offset));
                b.Logging.AddProvider(log);
            }))
        {
            return log.Entries;
        }
    }

    private sealed class OffsetTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
