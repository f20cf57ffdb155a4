using SharpFuzz;

namespace Signet.Fuzz;

/// <summary>
/// <c>Signet.Fuzz list | afl TARGET | libfuzzer TARGET | smoke [--execs N] [--seed N] [--seeds DIR] [--regressions DIR] [--findings DIR] [TARGET…] | repro TARGET FILE… | witness-seeds DIR</c>.
/// fuzz/README.md says how to run each.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: Signet.Fuzz list | afl TARGET | libfuzzer TARGET | smoke [--execs N] [--seed N] [--seeds DIR] [--regressions DIR] [--findings DIR] [TARGET...] | repro TARGET FILE... | witness-seeds DIR");
            return 2;
        }

        return args[0] switch
        {
            "list" => List(),
            "afl" when args.Length == 2 => Afl(Target(args[1])),
            "libfuzzer" when args.Length == 2 => LibFuzzer(Target(args[1])),
            "smoke" => Smoke.Run(args[1..]),
            "repro" when args.Length >= 3 => Repro(args[1], args[2..]),
            "witness-seeds" when args.Length == 2 => WitnessSeeds(args[1]),
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

    private static int WitnessSeeds(string dir)
    {
        WitnessTarget.WriteSeeds(dir);
        return 0;
    }

    private static int Usage(string mode)
    {
        Console.Error.WriteLine($"Signet.Fuzz: unknown mode or missing argument: {mode}");
        return 2;
    }
}
