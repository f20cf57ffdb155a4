using System.Diagnostics;
using Npgsql;
using Signet.Testing.Servers;

namespace Signet.Testing.Databases;

/// <summary>
/// A private PostgreSQL 15 cluster for the tests (INTEROP.md), listening on a free loopback port; one per test run.
/// PostgreSQL refuses to run as root: as root (CI), initdb and pg_ctl run as the <c>postgres</c> user via
/// <c>runuser</c> on a temporary directory that user owns; as anyone else (a developer's <c>./test.sh</c>), as
/// that user on a directory of theirs.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    private int _databases;

    public PostgresServer()
    {
        _dir = Directory.CreateTempSubdirectory("signet-pg-").FullName;
        if (AsRoot)
        {
            Run("chown", "postgres", _dir);
        }

        Port = LoopbackPort.Free();
        RunAs(Path.Combine(Bin, "initdb"), "-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync");
        RunAs(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-w", "-l", Path.Combine(_dir, "log.txt"),
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=200", "start");
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=50";

    /// <summary>A fresh, empty database for one test.</summary>
    public string CreateDatabase()
    {
        var name = "signet_" + Interlocked.Increment(ref _databases) + "_" + Guid.NewGuid().ToString("N")[..8];
        using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        conn.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        cmd.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public void Dispose()
    {
        try
        {
            RunAs(Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static readonly bool AsRoot = Environment.UserName == "root";

    private static void RunAs(string exe, params string[] args)
    {
        if (AsRoot)
        {
            Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        }
        else
        {
            Run(exe, args);
        }
    }

    private static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // The cluster's locale is C.UTF-8, whatever the caller's: initdb refuses a LANG/LC_ALL whose locale the machine
        // has not generated (a developer's fa_IR.UTF-8, say), and the tests should not depend on it.
        psi.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(true);
            throw new TimeoutException($"{exe} did not finish");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }
}
