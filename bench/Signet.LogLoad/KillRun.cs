using System.Diagnostics;
using Signet.Testing.Processes;

namespace Signet.LogLoad;

/// <summary>
/// The issue-23 goal "0 acknowledged entries lost across 10 front-end SIGKILLs": N <c>signet serve</c> front ends on one
/// throw-away PostgreSQL (<see cref="FrontEndFleet"/>, the drill the test suite runs shorter), writers spread over them,
/// and, round robin, a front end SIGKILLed and restarted each time <c>--progress</c> more entries were acknowledged,
/// <c>--kills</c> times. Then every front end is asked for every acknowledged entry with its inclusion proof, and every
/// checkpoint handed out is checked against the final tree. Exits non-zero when anything was lost or inconsistent.
/// </summary>
internal static class KillRun
{
    public static async Task<int> RunAsync(int frontEnds, int kills, int writers, int progress, double verifyRate)
    {
        var root = Directory.CreateTempSubdirectory("signet-kills-").FullName;
        try
        {
            using var pg = new TempPostgres();
            using var fleet = await FrontEndFleet.StartAsync(root, pg.ConnectionString, frontEnds, "kills.test");
            using var stop = new CancellationTokenSource();
            var wall = Stopwatch.StartNew();
            var writing = fleet.WriteAsync(writers, stop.Token);
            var restarts = await fleet.KillAndRestartAsync(kills, progress, TimeSpan.FromMinutes(5));
            await stop.CancelAsync();
            await writing;
            var seconds = wall.Elapsed.TotalSeconds;
            var check = Stopwatch.StartNew();
            var report = await fleet.CheckAsync(TimeSpan.FromMinutes(2));
            var sorted = restarts.Select(r => r.TotalMilliseconds).Order().ToList();
            var rate = report.Acknowledged / seconds;
            Console.WriteLine($"kills: {frontEnds} front ends, {writers} writers, {restarts.Count} SIGKILLs (round robin, each after {progress} more acknowledgements), restarted on the same port");
            Console.WriteLine($"acknowledged entries: {report.Acknowledged} in {seconds:F1} s ({rate:F0}/s, ratio to ECDSA verifies/s {rate / verifyRate:F3}); final tree size {report.TreeSize}");
            Console.WriteLine($"restart to listening: p50 {Percentiles.Of(sorted, 50) / 1000:F1} s, max {sorted.LastOrDefault() / 1000:F1} s");
            Console.WriteLine($"check ({check.Elapsed.TotalSeconds:F1} s): every acknowledged entry from each of the {frontEnds} front ends with an inclusion proof, every checkpoint against the final tree");
            Console.WriteLine($"acknowledged entries lost or wrong, proofs or checkpoints failing: {report.Problems.Count} (goal 0)");
            foreach (var problem in report.Problems)
            {
                Console.WriteLine("  " + problem);
            }

            return report.Problems.Count == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
