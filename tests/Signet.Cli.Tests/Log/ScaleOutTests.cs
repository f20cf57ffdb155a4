namespace Signet.Cli.Tests.Log;

/// <summary>
/// Scale-out (issue 23): three <c>signet serve</c> processes with separate data directories (the same keys, copied)
/// and one PostgreSQL database that holds all of the log's state (<see cref="FrontEndFleet"/>). Writers append through
/// all three while front ends are killed with SIGKILL, as behind a load balancer. Afterwards every acknowledged entry
/// is served by every front end that is up at its index, with an inclusion proof that verifies against that front
/// end's signed checkpoint, and every checkpoint handed out is consistent with the final tree. The longer drill (ten
/// kills under heavier load) is <c>bench/Signet.LogLoad kills</c>.
/// </summary>
[Collection("postgres")]
public sealed class ScaleOutTests(PostgresServer postgres) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("signet-scale-").FullName;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Three_front_ends_one_killed_mid_load_lose_no_acknowledged_entry_and_agree_on_one_tree()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGKILL and the PostgreSQL fixture are POSIX
        }

        using var fleet = await FrontEndFleet.StartAsync(_root, postgres.CreateDatabase(), 3, "scale.test");
        Assert.Empty(fleet.LogFilesOnDisk()); // only keys and configuration on each front end's disk
        using var stop = new CancellationTokenSource();
        var writers = fleet.WriteAsync(12, stop.Token);
        await UntilAsync(() => fleet.AcknowledgedCount >= 150, "the writers got no acknowledgements");
        fleet.Kill(0); // the first started, so the one most likely integrating; it stays down
        var atKill = fleet.AcknowledgedCount;
        await UntilAsync(() => fleet.AcknowledgedCount >= atKill + 150, "the survivors stopped acknowledging after the kill");
        await stop.CancelAsync();
        await writers;

        var report = await fleet.CheckAsync(Timeout);
        Assert.True(report.Problems.Count == 0, Failure(report, fleet)); // in full: Assert.Empty cuts each one short
        Assert.True(report.TreeSize >= (ulong)report.Acknowledged);
    }

    [Fact]
    public async Task Front_ends_killed_and_restarted_in_turn_under_load_lose_no_acknowledged_entry()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Short enough for CI on two cores: three kills (each front end once), each after 40 more acknowledgements.
        using var fleet = await FrontEndFleet.StartAsync(_root, postgres.CreateDatabase(), 3, "restart.test");
        using var stop = new CancellationTokenSource();
        var writers = fleet.WriteAsync(8, stop.Token);
        var restarts = await fleet.KillAndRestartAsync(kills: 3, progress: 40, Timeout);
        await stop.CancelAsync();
        await writers;

        Assert.Equal(3, restarts.Count);
        var report = await fleet.CheckAsync(Timeout);
        Assert.True(report.Problems.Count == 0, Failure(report, fleet)); // in full: Assert.Empty cuts each one short
        Assert.True(report.Acknowledged >= 160);
    }

    private static string Failure(FleetReport report, FrontEndFleet fleet) =>
        string.Join(Environment.NewLine, report.Problems.Append(fleet.OutputTails()));

    private static async Task UntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
