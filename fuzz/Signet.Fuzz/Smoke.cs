using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Signet.Fuzz;

/// <summary>
/// The bounded in-process run <c>.ci/run</c> does, the same on every run: per target, every seed and every past
/// finding (<c>regressions/NAME/</c>) replayed, then a fixed number of inputs from <see cref="Mutator"/> with a
/// fixed random seed (derived from the target's name). Exit 1 on a finding: an exception that is not the format
/// exception, or an input that takes more than <see cref="SlowCpu"/> of CPU time. Random and longer runs are afl++'s
/// (<c>fuzz/afl.sh</c>).
/// </summary>
internal static class Smoke
{
    /// <summary>Mutated inputs per target by default: about 6 s of CPU per target (2 min for all), as the timed smoke had.
    /// (54,000 since the four targets of session 15 took their share; the sequence is a prefix of the 60,000 before.)</summary>
    public const int DefaultExecs = 54_000;

    /// <summary>Targets whose inputs cost several times the others' get fewer of them, so that each takes a like share
    /// of the smoke's CPU (a few seconds): <c>config</c> builds regular expressions and loads YAML per input,
    /// <c>pep440-version</c> compares every pair of lines.</summary>
    public static readonly IReadOnlyDictionary<string, int> Shares = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["config"] = 8_000,
        ["pep440-version"] = 30_000,
    };

    /// <summary>One input using this much CPU is a finding (a parser takes milliseconds).</summary>
    public static readonly TimeSpan SlowCpu = TimeSpan.FromSeconds(2);

    /// <summary>One input still running after this much CPU ends the run: it is kept and reported as a hang.</summary>
    public static readonly TimeSpan HangCpu = TimeSpan.FromSeconds(30);

    public static int Run(string[] args)
    {
        int? execsGiven = null;
        var seed = 0;
        var seedsRoot = Path.Combine("fuzz", "seeds");
        var regressionsRoot = Path.Combine("fuzz", "regressions");
        var findingsRoot = Path.Combine("fuzz", "findings");
        var names = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--execs": execsGiven = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seeds": seedsRoot = args[++i]; break;
                case "--regressions": regressionsRoot = args[++i]; break;
                case "--findings": findingsRoot = args[++i]; break;
                default: names.Add(args[i]); break;
            }
        }

        if (names.Count == 0)
        {
            names.AddRange(FuzzTargets.All.Keys);
        }

        var total = 0;
        foreach (var name in names)
        {
            var seeds = Files(seedsRoot, name);
            if (seeds.Count == 0)
            {
                Console.WriteLine($"fuzz {name}: no seeds in {Path.Combine(seedsRoot, name)}");
                total++;
                continue;
            }

            var regressions = Files(regressionsRoot, name);
            var execs = execsGiven ?? Shares.GetValueOrDefault(name, DefaultExecs);
            using var run = new SmokeRun(name, FuzzTargets.All[name], findingsRoot);
            var clock = Stopwatch.StartNew();
            var cpu = Environment.CpuUsage.TotalTime;
            foreach (var input in seeds.Concat(regressions))
            {
                run.Try(input);
            }

            var mutator = new Mutator([.. seeds, .. regressions], RandomSeed(name, seed));
            for (var i = 0; i < execs; i++)
            {
                run.Try(mutator.Next());
            }

            Console.WriteLine($"fuzz {name}: {seeds.Count} seeds and {regressions.Count} regressions replayed, {execs} mutated inputs " +
                $"(seed {seed}) in {clock.Elapsed.TotalSeconds:F0} s ({(Environment.CpuUsage.TotalTime - cpu).TotalSeconds:F0} s CPU), {run.Findings.Count} findings");
            foreach (var finding in run.Findings.Values)
            {
                Console.WriteLine($"  finding: {finding}");
            }

            total += run.Findings.Count;
        }

        Console.WriteLine($"fuzz: {names.Count} targets, {total} findings");
        return total == 0 ? 0 : 1;
    }

    /// <summary>The mutator's seed for a target: stable across processes and machines (unlike
    /// <see cref="string.GetHashCode()"/>), so every run tries the same inputs.</summary>
    public static int RandomSeed(string name, int seed) =>
        BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name))) ^ seed;

    private static List<byte[]> Files(string root, string name)
    {
        var dir = Path.Combine(root, name);
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)] : [];
    }
}

/// <summary>One target's smoke run: tries inputs, keeps one finding per exception type and throwing frame (and one
/// for slowness), and watches the CPU time of the input under way.</summary>
internal sealed class SmokeRun : IDisposable
{
    private readonly string _name;
    private readonly Action<byte[]> _target;
    private readonly string _findingsRoot;
    private readonly Timer _watchdog;
    private readonly Lock _gate = new();
    private byte[] _current = [];
    private TimeSpan _cpuAtStart;
    private volatile bool _slow;

    public SmokeRun(string name, Action<byte[]> target, string findingsRoot)
    {
        _name = name;
        _target = target;
        _findingsRoot = findingsRoot;
        _watchdog = new Timer(_ => Watch(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }

    public Dictionary<string, string> Findings { get; } = new(StringComparer.Ordinal);

    public void Try(byte[] input)
    {
        lock (_gate)
        {
            _current = input;
            _cpuAtStart = Environment.CpuUsage.TotalTime;
        }

        try
        {
            _target(input);
        }
        catch (Exception e)
        {
            var frame = new StackTrace(e).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Signet", StringComparison.Ordinal) == true);
            var where = $"{e.GetType().Name} in {frame?.GetMethod()?.DeclaringType?.Name}.{frame?.GetMethod()?.Name}: {e.Message}";
            Record($"{e.GetType().Name} {frame?.GetMethod()?.DeclaringType?.FullName}.{frame?.GetMethod()?.Name}", where, input);
        }

        if (_slow)
        {
            _slow = false;
            Record("slow", $"one input took more than {Smoke.SlowCpu.TotalSeconds:F0} s of CPU", input);
        }
    }

    public void Dispose() => _watchdog.Dispose();

    private void Record(string key, string what, byte[] input)
    {
        if (Findings.ContainsKey(key))
        {
            return;
        }

        var file = Keep(input);
        Findings[key] = (what.Length > 300 ? what[..300] : what) + $" (input: {file})";
    }

    private string Keep(byte[] input)
    {
        Directory.CreateDirectory(_findingsRoot);
        var file = Path.Combine(_findingsRoot, $"{_name}-{Convert.ToHexStringLower(SHA256.HashData(input))[..16]}");
        File.WriteAllBytes(file, input);
        return file;
    }

    private void Watch()
    {
        byte[] input;
        TimeSpan used;
        lock (_gate)
        {
            input = _current;
            used = Environment.CpuUsage.TotalTime - _cpuAtStart;
        }

        if (used > Smoke.HangCpu)
        {
            Console.WriteLine($"fuzz {_name}: hang: one input still running after {used.TotalSeconds:F0} s of CPU (input: {Keep(input)})");
            Console.WriteLine("fuzz: 1 findings");
            Environment.Exit(1);
        }

        if (used > Smoke.SlowCpu)
        {
            _slow = true;
        }
    }
}
