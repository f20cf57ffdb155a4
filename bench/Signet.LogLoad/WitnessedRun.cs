namespace Signet.LogLoad;

/// <summary>
/// The log's append throughput with witnesses ÷ without, from alternated runs: the load run by itself varies by several
/// percent from one run to the next (bench/README), more than the 5 % the goal allows, so one pair of runs cannot tell.
/// Each round runs both sides (the side that goes first alternates, so neither always has the warmer machine) on the
/// same prepared requests, each on a new log; the figure is the ratio of the medians, with every run's rate shown.
/// </summary>
internal static class WitnessedRun
{
    public static async Task RunAsync(string driver, int clients, int seconds, int warmup, int pool, int keyCount, string api, double verifyRate, int witnesses, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var requests = LoadRun.Prepare(pool, keyCount, api);
        var none = new List<double>();
        var with = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var count in round % 2 == 0 ? new[] { 0, witnesses } : [witnesses, 0])
            {
                Console.WriteLine($"round {round + 1}/{rounds}, {count} witness(es):");
                var rate = await LoadRun.RunAsync(driver, clients, seconds, warmup, requests, api, verifyRate, count);
                (count == 0 ? none : with).Add(rate);
            }
        }

        var medianNone = Percentiles.Of([.. none.Order()], 50);
        var medianWith = Percentiles.Of([.. with.Order()], 50);
        Console.WriteLine($"entries/s without witnesses: {string.Join(", ", none.Select(r => r.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} (median {medianNone:F0})");
        Console.WriteLine($"entries/s with {witnesses} witnesses:  {string.Join(", ", with.Select(r => r.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} (median {medianWith:F0})");
        Console.WriteLine($"ratio of medians: append throughput with {witnesses} witnesses ÷ without = {medianWith / medianNone:F3} (goal ≥ 0.95); per round: {string.Join(", ", none.Zip(with, (n, w) => (w / n).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
    }
}
