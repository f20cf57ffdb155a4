using System.Diagnostics;

namespace Signet.LogLoad;

/// <summary>CPU time of a run's child processes (front ends, witnesses), summed.</summary>
internal static class ProcessCpu
{
    public static TimeSpan Total(IEnumerable<Process> processes)
    {
        var total = TimeSpan.Zero;
        foreach (var p in processes)
        {
            p.Refresh();
            total += p.TotalProcessorTime;
        }

        return total;
    }
}
