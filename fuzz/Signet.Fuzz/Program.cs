using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using SharpFuzz;

namespace Signet.Fuzz;

/// <summary>
/// <c>Signet.Fuzz list | afl TARGET | libfuzzer TARGET | smoke [--seconds N] [--seeds DIR] [--findings DIR] [TARGET…] | repro TARGET FILE…</c>.
/// fuzz/README.md says how to run each.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: Signet.Fuzz list | afl TARGET | libfuzzer TARGET | smoke [--seconds N] [--seeds DIR] [--findings DIR] [TARGET...] | repro TARGET FILE...");
            return 2;
        }

        return args[0] switch
        {
            "list" => List(),
            "afl" when args.Length == 2 => Afl(Target(args[1])),
            "libfuzzer" when args.Length == 2 => LibFuzzer(Target(args[1])),
            "smoke" => Smoke.Run(args[1..]),
            "repro" when args.Length >= 3 => Repro(args[1], args[2..]),
            _ => Usage(args[0]),
        };
    }

    private static int List()
    {
        foreach (var name in FuzzTargets.All.Keys)
        {
            Console.WriteLine(name);
        }

        return 0;
    }

    private static Action<byte[]> Target(string name) =>
        FuzzTargets.All.TryGetValue(name, out var target) ? target : throw new ArgumentException($"unknown target '{name}' (see: list)");

    /// <summary>AFL's persistent mode: afl-fuzz runs this process once and feeds it inputs (SharpFuzz's fork server).</summary>
    private static int Afl(Action<byte[]> target)
    {
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    }

    /// <summary>libFuzzer's protocol, for libfuzzer-dotnet when it is at hand.</summary>
    private static int LibFuzzer(Action<byte[]> target)
    {
        Fuzzer.LibFuzzer.Run(span => target(span.ToArray()));
        return 0;
    }

    /// <summary>Runs each file through the target; prints what escaped.</summary>
    private static int Repro(string name, string[] files)
    {
        var target = Target(name);
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllBytes(file));
                Console.WriteLine($"{file}: ok");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"{file}: {e}");
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static int Usage(string mode)
    {
        Console.Error.WriteLine($"Signet.Fuzz: unknown mode or missing argument: {mode}");
        return 2;
    }
}

/// <summary>The bounded in-process run <c>.ci/run</c> does: every target for N seconds from its seeds; exit 1 on a finding.</summary>
internal static class Smoke
{
    public static int Run(string[] args)
    {
        var seconds = 10.0;
        var seedsRoot = Path.Combine("fuzz", "seeds");
        var findingsRoot = Path.Combine("fuzz", "findings");
        var names = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seeds": seedsRoot = args[++i]; break;
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
            total += RunOne(name, FuzzTargets.All[name], seedsRoot, findingsRoot, TimeSpan.FromSeconds(seconds));
        }

        Console.WriteLine($"fuzz: {names.Count} targets, {total} findings");
        return total == 0 ? 0 : 1;
    }

    private static int RunOne(string name, Action<byte[]> target, string seedsRoot, string findingsRoot, TimeSpan budget)
    {
        var dir = Path.Combine(seedsRoot, name);
        var seeds = Directory.Exists(dir) ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList() : [];
        if (seeds.Count == 0)
        {
            throw new InvalidOperationException($"no seeds for {name} in {dir}");
        }

        var mutator = new Mutator(seeds, name.GetHashCode(StringComparison.Ordinal) ^ Environment.TickCount);
        var findings = new Dictionary<string, string>(StringComparer.Ordinal);
        long execs = 0;
        var clock = Stopwatch.StartNew();
        foreach (var seed in seeds)
        {
            Try(target, seed, name, findingsRoot, findings);
            execs++;
        }

        while (clock.Elapsed < budget)
        {
            Try(target, mutator.Next(), name, findingsRoot, findings);
            execs++;
        }

        Console.WriteLine($"fuzz {name}: {execs} execs in {clock.Elapsed.TotalSeconds:F0} s, {seeds.Count} seeds, {findings.Count} findings");
        foreach (var finding in findings.Values)
        {
            Console.WriteLine($"  finding: {finding}");
        }

        return findings.Count;
    }

    private static void Try(Action<byte[]> target, byte[] input, string name, string findingsRoot, Dictionary<string, string> findings)
    {
        try
        {
            target(input);
        }
        catch (Exception e)
        {
            // One finding per exception type and throwing frame; the input is kept to reproduce it.
            var frame = new StackTrace(e).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Signet", StringComparison.Ordinal) == true);
            var where = $"{e.GetType().Name} in {frame?.GetMethod()?.DeclaringType?.Name}.{frame?.GetMethod()?.Name}: {e.Message}";
            var key = $"{e.GetType().Name} {frame?.GetMethod()?.DeclaringType?.FullName}.{frame?.GetMethod()?.Name}";
            if (findings.ContainsKey(key))
            {
                return;
            }

            Directory.CreateDirectory(findingsRoot);
            var file = Path.Combine(findingsRoot, $"{name}-{Convert.ToHexStringLower(SHA256.HashData(input))[..16]}");
            File.WriteAllBytes(file, input);
            findings[key] = where.Length > 300 ? where[..300] : where;
            findings[key] += $" (input: {file})";
        }
    }
}
