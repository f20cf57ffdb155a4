using BenchmarkDotNet.Running;

namespace Signet.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Signet.Benchmarks -- --filter '*Merkle*'</c>.
/// Every benchmark class carries its own baseline (<c>[Benchmark(Baseline = true)]</c>) so figures read as ratios.
/// </summary>
internal static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
