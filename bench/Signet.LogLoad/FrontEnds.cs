using System.Diagnostics;

namespace Signet.LogLoad;

/// <summary>The <c>signet serve</c> processes of one run: their summed CPU time and resident memory, and killing them all.</summary>
internal sealed class FrontEnds : IDisposable
{
    private readonly List<Process> _processes = [];

    public void Add(Process process) => _processes.Add(process);

    public TimeSpan ProcessorTime() => ProcessCpu.Total(_processes);

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
