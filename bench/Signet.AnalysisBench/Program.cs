using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Signet.Analysis.Dynamic;
using Signet.Analysis.Packages;
using Signet.Analysis.Registry;
using Signet.Analysis.Static;

// signet analyze throughput. Static: MB/s of package content (uncompressed bytes) on one thread, against a baseline
// measured in the same run over the same bytes (SHA-256 of every file). Dynamic: wall time of one sandboxed run
// (install + import) of a small npm package. Packages come from the configured registries.
//   dotnet run -c Release --project bench/Signet.AnalysisBench -- [static|dynamic|all] [ROUNDS]
var mode = args.Length > 0 ? args[0] : "all";
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var cache = Directory.CreateTempSubdirectory("signet-analysis-bench-");
try
{
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    var registry = new PackageRegistry(http, cache.FullName);
    if (mode is "static" or "all")
    {
        await StaticRun.RunAsync(registry, rounds);
    }

    if (mode is "dynamic" or "all")
    {
        await DynamicRun.RunAsync(registry, rounds);
    }
}
finally
{
    cache.Delete(recursive: true);
}

internal static class StaticRun
{
    // A mix as packages come: large bundles (typescript, webpack), many small files (lodash, core-js), managed DLLs (NuGet).
    private static readonly string[] Specs =
    [
        "npm:typescript@5.7.2", "npm:webpack@5.97.1", "npm:lodash@4.17.21", "npm:react@18.3.1", "npm:express@4.21.2",
        "npm:core-js@3.39.0", "npm:esbuild@0.24.2", "npm:vue@3.5.13", "npm:axios@1.7.9", "npm:zod@3.24.1",
        "nuget:Newtonsoft.Json@13.0.3", "nuget:OpenTelemetry@1.21.0", "nuget:Npgsql@9.0.3", "nuget:Serilog@4.2.0",
    ];

    public static async Task RunAsync(PackageRegistry registry, int rounds)
    {
        var archives = new List<(string Spec, string Name, byte[] Bytes)>();
        foreach (var spec in Specs)
        {
            var path = await registry.DownloadAsync(PackageSpec.Parse(spec), CancellationToken.None);
            archives.Add((spec, Path.GetFileName(path), await File.ReadAllBytesAsync(path)));
        }

        var packages = archives.Select(a => PackageReader.Read(a.Name, a.Bytes)).ToList();
        var content = packages.Sum(p => p.TotalBytes);
        var compressed = archives.Sum(a => (long)a.Bytes.Length);
        Console.WriteLine($"static: {packages.Count} packages, {content / 1e6:F1} MB of content ({compressed / 1e6:F1} MB compressed), {rounds} rounds, one thread");

        // Warm-up: JIT, the parser's tables, the popular-name lists.
        AnalyzeAll(packages);
        var baseline = Measure(rounds, () => HashAll(packages));
        var analyze = Measure(rounds, () => AnalyzeAll(packages));
        var readAndAnalyze = Measure(rounds, () =>
        {
            foreach (var a in archives)
            {
                StaticAnalyzer.Analyze(PackageReader.Read(a.Name, a.Bytes));
            }
        });

        // npm alone: their bytes are source that the rules read; a NuGet package's bytes are mostly DLLs, checked by magic number only.
        var npm = packages.Where(p => p.Ecosystem == Ecosystem.Npm).ToList();
        var npmContent = npm.Sum(p => p.TotalBytes);
        var npmBaseline = Measure(rounds, () => HashAll(npm));
        var npmAnalyze = Measure(rounds, () => AnalyzeAll(npm));

        double MBps(TimeSpan t) => content / 1e6 / t.TotalSeconds;
        Console.WriteLine($"  baseline SHA-256 of the same bytes: {MBps(baseline),8:F1} MB/s  (thread CPU time, median of {rounds})");
        Console.WriteLine($"  static rules (contents in memory):  {MBps(analyze),8:F1} MB/s  ratio to baseline {analyze / baseline:F1}x slower");
        Console.WriteLine($"  read archive + static rules:        {MBps(readAndAnalyze),8:F1} MB/s  ratio to baseline {readAndAnalyze / baseline:F1}x slower");
        Console.WriteLine($"  npm only ({npmContent / 1e6:F1} MB): SHA-256 {npmContent / 1e6 / npmBaseline.TotalSeconds:F1} MB/s, static rules {npmContent / 1e6 / npmAnalyze.TotalSeconds:F1} MB/s, ratio {npmAnalyze / npmBaseline:F1}x slower");
        Console.WriteLine("  per package (static rules, one pass):");
        foreach (var p in packages)
        {
            var t = Measure(1, () => StaticAnalyzer.Analyze(p));
            Console.WriteLine($"    {p.Ecosystem.Name()}:{p.Name}@{p.Version,-10} {p.TotalBytes / 1e6,7:F2} MB  {p.TotalBytes / 1e6 / t.TotalSeconds,8:F1} MB/s");
        }
    }

    /// <summary>The baseline: SHA-256 of every file's bytes.</summary>
    private static void HashAll(IEnumerable<PackageContents> packages)
    {
        foreach (var f in packages.SelectMany(p => p.Files))
        {
            SHA256.HashData(f.Content.Span);
        }
    }

    private static void AnalyzeAll(IEnumerable<PackageContents> packages)
    {
        foreach (var p in packages)
        {
            StaticAnalyzer.Analyze(p);
        }
    }

    /// <summary>
    /// The median over rounds of the CPU time this thread spent in <paramref name="body"/> (clock_gettime
    /// CLOCK_THREAD_CPUTIME_ID): throughput "on one core", unaffected by other processes competing for the machine.
    /// </summary>
    public static TimeSpan Measure(int rounds, Action body)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < rounds; i++)
        {
            var start = ThreadCpu.Now();
            body();
            times.Add(ThreadCpu.Now() - start);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}

internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan Now()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var ts) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / 100));
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}

internal static class DynamicRun
{
    private const string Small = "npm:ms@2.1.3";

    public static async Task RunAsync(PackageRegistry registry, int rounds)
    {
        var path = await registry.DownloadAsync(PackageSpec.Parse(Small), CancellationToken.None);
        var package = PackageReader.Read(Path.GetFileName(path), await File.ReadAllBytesAsync(path));
        var sandbox = new BubblewrapSandbox();
        var request = new SandboxRequest(package.Ecosystem, package.Name, path, ImportNames.Of(package));
        var times = new List<double>();
        for (var i = 0; i < rounds + 1; i++)
        {
            var w = Stopwatch.StartNew();
            var trace = await sandbox.RunAsync(request, CancellationToken.None);
            if (i > 0)
            {
                times.Add(w.Elapsed.TotalSeconds);
            }

            if (trace.Phases.Any(p => p.ExitCode != 0))
            {
                Console.WriteLine($"  warning: a phase did not exit 0: {string.Join(", ", trace.Phases.Select(p => $"{p.Phase} {p.Status} {p.ExitCode}"))}");
            }
        }

        times.Sort();
        Console.WriteLine($"dynamic: {Small} ({package.TotalBytes:N0} bytes), install + import in the sandbox, {rounds} runs after one warm-up");
        Console.WriteLine($"  wall time min {times[0]:F2} s, median {times[times.Count / 2]:F2} s, max {times[^1]:F2} s (goal ≤ 10 s)");
    }
}
