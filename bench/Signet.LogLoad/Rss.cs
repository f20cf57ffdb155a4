using System.Globalization;

namespace Signet.LogLoad;

/// <summary>Resident set size of a process, from /proc/PID/status (VmRSS, kB).</summary>
internal static class Rss
{
    public static long Megabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return -1;
    }
}
