using System.Globalization;

namespace Signet.LogLoad;

/// <summary>
/// The log's append throughput with witnesses ÷ without, from alternated runs: the load run by itself varies by several
/// percent from one run to the next (bench/README), more than the 5 % the goal allows, so one pair of runs cannot tell.
/// Each round runs every side (the order rotates, so no side always has the warmer machine) on the same prepared
/// requests, each on a new log; the figure is the ratio of the medians, with every run's rate shown. With
/// <c>control</c> a third side runs the witnesses without telling the log of them: what their processes cost this
/// machine by being there, apart from what witnessing costs the log. Each run also reports the machine's speed in its
/// window (<see cref="SpeedProbe"/>).
/// </summary>
internal static class WitnessedRun
{
    public static async Task RunAsync(string driver, int clients, int seconds, int warmup, int pool, int keyCount, string api, double verifyRate, int witnesses, int rounds, bool control)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var requests = LoadRun.Prepare(pool, keyCount, api);
        Side[] sides = control
            ? [new("without witnesses", 0, true), new($"{witnesses} witnesses running, log not told", witnesses, false), new($"with {witnesses} witnesses", witnesses, true)]
            : [new("without witnesses", 0, true), new($"with {witnesses} witnesses", witnesses, true)];
        // The runs' data directories are deleted only after the last run. Deleting one (thousands of tile and bundle
        // files) made every later run's file creations slower: on this machine's ext4 (no journal) a new inode skips
        // every inode freed in the last 1–6 minutes, looking each one up — 0.8 % of the log server's CPU samples in the
        // first run of an invocation, 2.1–3.9 % in the later ones (profiled in session 19), a drift with the run order.
        var kept = new List<string>();
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < sides.Length; i++)
                {
                    var side = sides[(i + round) % sides.Length];
                    Console.WriteLine($"round {round + 1}/{rounds}, {side.Name}:");
                    side.Results.Add(await LoadRun.RunAsync(driver, clients, seconds, warmup, requests, api, verifyRate, side.Witnesses, tellLog: side.TellLog, keptData: kept));
                }
            }
        }
        finally
        {
            foreach (var data in kept)
            {
                Directory.Delete(data, recursive: true);
            }
        }

        var none = sides[0];
        foreach (var side in sides)
        {
            Console.WriteLine($"{side.Name}: entries/s {Join(side.Results, r => r.Rate, "F0")} (median {Median(side.Results, r => r.Rate):F0}); server CPU µs per entry {Join(side.Results, r => r.ServerMicroseconds, "F0")}; probe CPU µs per verify {Join(side.Results, r => r.VerifyMicroseconds, "F1")}");
        }

        foreach (var side in sides.Skip(1))
        {
            Console.WriteLine($"ratio of medians: append throughput {side.Name} ÷ without = {Median(side.Results, r => r.Rate) / Median(none.Results, r => r.Rate):F3}{(side.TellLog ? " (goal ≥ 0.95)" : "")}; per round: {PerRound(none, side, r => r.Rate)}");
            Console.WriteLine($"ratio of medians: server CPU per entry {side.Name} ÷ without = {Median(side.Results, r => r.ServerMicroseconds) / Median(none.Results, r => r.ServerMicroseconds):F3}; per round: {PerRound(none, side, r => r.ServerMicroseconds)}");
        }

        if (sides.Any(side => side.Results.Any(r => double.IsNaN(r.VerifyMicroseconds))))
        {
            return;
        }

        // The same at equal machine speed: each run's figure set against its own window's probe (entries/s × CPU µs per
        // verify is entries per verification's worth of time; CPU µs per entry ÷ µs per verify is the cost in verifies).
        foreach (var side in sides.Skip(1))
        {
            Console.WriteLine($"at equal machine speed: append throughput {side.Name} ÷ without = {Median(side.Results, Speed) / Median(none.Results, Speed):F3}; per round: {PerRound(none, side, Speed)}");
            Console.WriteLine($"at equal machine speed: server CPU per entry {side.Name} ÷ without = {Median(side.Results, Cost) / Median(none.Results, Cost):F3} ({Join(side.Results, Cost, "F2")} against {Join(none.Results, Cost, "F2")} verifies); per round: {PerRound(none, side, Cost)}");
        }

        static double Speed(LoadResult r) => r.Rate * r.VerifyMicroseconds;
        static double Cost(LoadResult r) => r.ServerMicroseconds / r.VerifyMicroseconds;
    }

    private static string PerRound(Side none, Side side, Func<LoadResult, double> figure) =>
        string.Join(", ", none.Results.Zip(side.Results, (n, w) => (figure(w) / figure(n)).ToString("F3", CultureInfo.InvariantCulture)));

    private static double Median(List<LoadResult> results, Func<LoadResult, double> figure) => Percentiles.Of([.. results.Select(figure).Order()], 50);

    private static string Join(List<LoadResult> results, Func<LoadResult, double> figure, string format) =>
        string.Join(", ", results.Select(r => figure(r).ToString(format, CultureInfo.InvariantCulture)));

    private sealed record Side(string Name, int Witnesses, bool TellLog)
    {
        public List<LoadResult> Results { get; } = [];
    }
}
