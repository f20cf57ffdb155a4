using BenchmarkDotNet.Running;

namespace Signet.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Signet.Benchmarks -- --filter '*Merkle*'</c>.
/// Every benchmark class carries its own baseline (<c>[Benchmark(Baseline = true)]</c>) so figures read as ratios.
/// Load tools run by name: <c>-- ca-load [requests] [concurrency]</c>, <c>-- process-verify AOT_BINARY [runs]</c>,
/// <c>-- verify-pairs [rounds] [batch]</c>.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "ca-load")
        {
            await Ca.CaIssuanceLoad.RunAsync(args);
            return;
        }

        if (args.Length > 0 && args[0] == "process-verify")
        {
            Environment.ExitCode = Verification.ProcessComparison.Run(args);
            return;
        }

        if (args.Length > 0 && args[0] == "verify-pairs")
        {
            Environment.ExitCode = Verification.PairedVerifyRatio.Run(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
