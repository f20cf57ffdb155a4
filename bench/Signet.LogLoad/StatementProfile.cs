using System.Globalization;
using Npgsql;

namespace Signet.LogLoad;

/// <summary>
/// What PostgreSQL did for a load's timed window (<c>--pg-stats</c>): every statement's calls and execution time per
/// acknowledged entry (pg_stat_statements, reset when the window opens), the transactions committed, and the CPU time
/// of the cluster's processes (the postmaster, its live backends and those it reaped), so that front ends' round trips
/// per entry can be compared with a single server's.
/// </summary>
internal sealed class StatementProfile(string connectionString, int postmaster)
{
    private double _cpuBefore;
    private long _commitsBefore;

    /// <summary>The <c>postgres -c</c> settings the profile needs.</summary>
    public const string ServerSettings = "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all";

    public async Task StartAsync()
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await ExecAsync(conn, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        await ExecAsync(conn, "SELECT pg_stat_statements_reset()");
        _commitsBefore = await CommitsAsync(conn);
        _cpuBefore = ClusterCpuSeconds(postmaster);
    }

    public async Task PrintAsync(long entries)
    {
        var cpu = ClusterCpuSeconds(postmaster) - _cpuBefore;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var commits = await CommitsAsync(conn) - _commitsBefore;
        var per = Math.Max(1, entries);
        Console.WriteLine($"PostgreSQL: CPU {cpu:F1} s = {cpu * 1e6 / per:F0} µs per entry; {commits} transactions = {(double)commits / per:F3} per entry");
        await using var cmd = new NpgsqlCommand(
            "SELECT calls, total_exec_time, query FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_%' ORDER BY calls DESC LIMIT 25", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var total = 0L;
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            var calls = reader.GetInt64(0);
            total += calls;
            var query = string.Join(' ', reader.GetString(2).Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {(double)calls / per,8:F3}/entry {reader.GetDouble(1) * 1000 / per,7:F1} µs/entry  {query[..Math.Min(110, query.Length)]}"));
        }

        Console.WriteLine($"statements: {(double)total / per:F2} per entry (top 25 by calls):");
        lines.ForEach(Console.WriteLine);
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> CommitsAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>User + system seconds of the postmaster, its reaped children and its live children (/proc/PID/stat).</summary>
    private static double ClusterCpuSeconds(int postmaster)
    {
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // f[0] is field 3 (state)
            var parent = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (pid == postmaster || parent == postmaster)
            {
                ticks += long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture); // utime, stime
                if (pid == postmaster)
                {
                    ticks += long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture); // cutime, cstime
                }
            }
        }

        return ticks / 100.0; // USER_HZ
    }
}
