using System.Diagnostics;

namespace Signet.LogLoad;

/// <summary>The <c>signet serve</c> processes of one run: their summed CPU time and resident memory, and killing them all.</summary>
internal sealed class FrontEnds : IDisposable
{
    private readonly List<Process> _processes = [];

    public void Add(Process process) => _processes.Add(process);

    public TimeSpan ProcessorTime() => ProcessCpu.Total(_processes);

    /// <summary>CPU time of the front ends' tiered JIT compilation threads, summed: a front end started for the run
    /// recompiles its hot code for many seconds, three of them three times over, which is not a cost of serving.</summary>
    public TimeSpan JitTime() => ProcessCpu.Threads(_processes, ProcessCpu.TieredCompilationThread);

    public long RssMegabytes() => _processes.Sum(p => Rss.Megabytes(p.Id));

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            p.Dispose();
        }

        _processes.Clear();
    }
}
