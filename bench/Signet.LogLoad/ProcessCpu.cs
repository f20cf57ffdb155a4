using System.Diagnostics;

namespace Signet.LogLoad;

/// <summary>CPU time of a run's child processes (front ends, witnesses), summed.</summary>
internal static class ProcessCpu
{
    /// <summary>The name Linux gives the runtime's tiered-compilation thread (<c>/proc/PID/task/TID/comm</c>, 15 bytes).</summary>
    public const string TieredCompilationThread = ".NET Tiered Com";

    private const double ClockTicksPerSecond = 100; // USER_HZ of /proc's utime and stime on Linux


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

    /// <summary>CPU time (user + system) of the processes' threads named <paramref name="comm"/>, from
    /// <c>/proc/PID/task/*/stat</c> (fields 14 and 15); zero where /proc is not there. Threads that ended are not
    /// counted (the runtime's named threads live as long as the process).</summary>
    public static TimeSpan Threads(IEnumerable<Process> processes, string comm)
    {
        var ticks = 0L;
        foreach (var p in processes)
        {
            var tasks = $"/proc/{p.Id}/task";
            if (!Directory.Exists(tasks))
            {
                continue;
            }

            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    if (open < 0 || close < open || stat[(open + 1)..close] != comm)
                    {
                        continue;
                    }

                    // After "(comm) " come field 3 (state) onwards: utime and stime are fields 14 and 15.
                    var fields = stat[(close + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }

        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }
}
