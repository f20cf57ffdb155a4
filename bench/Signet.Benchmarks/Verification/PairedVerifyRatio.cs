using System.Diagnostics;
using System.Globalization;

namespace Signet.Benchmarks.Verification;

/// <summary>
/// Verify ÷ raw signature checks measured in pairs: <c>dotnet run -c Release --project bench/Signet.Benchmarks --
/// verify-pairs [rounds] [batch]</c>. The same operations as <see cref="VerifyBenchmarks"/> (its setup and methods), but
/// each round times a batch of the raw checks and a batch of verifications back to back (in alternating order), per
/// bundle kind, and the figure is the median of the per-round ratios. On this 2-core machine the speed changes in
/// phases of seconds (bench/README, session 19); BenchmarkDotNet measures a baseline and its verify seconds apart, so a
/// phase can fall on one and not the other, while a pair tens of milliseconds long sees the same phase.
/// </summary>
internal static class PairedVerifyRatio
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
        var batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var b = new VerifyBenchmarks();
        b.Setup();
        var kinds = new (string Name, Action Raw, Action? Fresh, Action Verify)[]
        {
            ("v0.3 happy path", () => b.RawSignatureChecks_v03(), () => b.RawChecksAndLeafDecode_v03(), () => b.Verify_v03()),
            ("v0.1 chain bundle", () => b.RawSignatureChecks_v01(), () => b.RawChecksAndLeafDecode_v01(), () => b.Verify_v01()),
            ("rekor2 happy path (RFC 3161)", () => b.RawSignatureChecksRekor2(), null, () => b.VerifyRekor2()),
            ("v0.3 key, Rekor v1 + RFC 3161", () => b.RawSignatureChecksKeyTsa(), null, () => b.VerifyKeyTsa()),
        };

        // Tiered compilation settles before anything is timed (two rounds of calls with a pause for the background JIT).
        for (var warm = 0; warm < 2; warm++)
        {
            foreach (var k in kinds)
            {
                Time(k.Raw, 300);
                Time(k.Fresh, 300);
                Time(k.Verify, 300);
            }

            Thread.Sleep(500);
        }

        Console.WriteLine($"verify-pairs: {rounds} rounds of {batch} operations per batch; per-operation medians; ratios are medians of the per-round ratios (p25–p75)");
        Console.WriteLine("| bundle | raw | verify | raw checks, fresh leaf key | fresh ÷ raw | verify ÷ raw (p25–p75) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var k in kinds)
        {
            var raw = new List<double>();
            var fresh = new List<double>();
            var verify = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                // Alternate the order so a drift within a round does not favour one side.
                if (r % 2 == 0)
                {
                    raw.Add(Time(k.Raw, batch));
                    fresh.Add(Time(k.Fresh, batch));
                    verify.Add(Time(k.Verify, batch));
                }
                else
                {
                    verify.Add(Time(k.Verify, batch));
                    fresh.Add(Time(k.Fresh, batch));
                    raw.Add(Time(k.Raw, batch));
                }
            }

            var verifyRatios = verify.Select((v, i) => v / raw[i]).ToList();
            var freshRatios = fresh.Select((f, i) => f / raw[i]).ToList();
            var freshCells = k.Fresh is null
                ? "— | —"
                : string.Create(CultureInfo.InvariantCulture, $"{Quantile(fresh, 0.5):F1} µs | {Quantile(freshRatios, 0.5):F2}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {k.Name} | {Quantile(raw, 0.5):F1} µs | {Quantile(verify, 0.5):F1} µs | {freshCells} | **{Quantile(verifyRatios, 0.5):F2}** ({Quantile(verifyRatios, 0.25):F2}–{Quantile(verifyRatios, 0.75):F2}) |"));
        }

        return 0;
    }

    /// <summary>Microseconds per call of <paramref name="operation"/> over <paramref name="count"/> calls.</summary>
    private static double Time(Action? operation, int count)
    {
        if (operation is null)
        {
            return double.NaN;
        }

        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            operation();
        }

        return sw.Elapsed.TotalMicroseconds / count;
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(q * (sorted.Count - 1))];
    }
}
