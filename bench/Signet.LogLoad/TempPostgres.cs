using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Signet.LogLoad;

/// <summary>A throw-away PostgreSQL 15 cluster (initdb/pg_ctl via runuser on a temp dir, loopback port), or, with a
/// directory to keep, one that outlives the run (stopped, not deleted, at the end) and is started again on its data by a
/// later run (<c>bulk --keep DIR</c> then <c>bulk --from DIR</c>).</summary>
internal sealed class TempPostgres : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    private readonly bool _keep;

    /// <param name="keep">A directory for the cluster that is kept after the run; an existing cluster there is reused.</param>
    /// <param name="settings">Extra <c>postgres -c</c> settings.</param>
    public TempPostgres(string? keep = null, string settings = "")
    {
        _keep = keep is not null;
        _dir = keep ?? Directory.CreateTempSubdirectory("signet-bench-pg-").FullName;
        Directory.CreateDirectory(_dir);
        Run("chown", "postgres", _dir);
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        if (!Directory.Exists(Path.Combine(_dir, "data")))
        {
            Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "initdb"), "-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "postgres");
        }

        Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-w", "-l", Path.Combine(_dir, "log.txt"),
            "-o", $"-p {port} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=300 {settings}", "start");
        // Up to four front ends of 64 connections each (the scale mode) fit under max_connections.
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=64";
    }

    public string ConnectionString { get; }

    /// <summary>The cluster's data directory (its size is the databases' size).</summary>
    public string DataDirectory => Path.Combine(_dir, "data");

    /// <summary>The postmaster's process id (first line of postmaster.pid).</summary>
    public int Postmaster => int.Parse(File.ReadLines(Path.Combine(_dir, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Bytes under the cluster's data directory (tables, indexes, WAL).</summary>
    public long DiskBytes() => new DirectoryInfo(Path.Combine(_dir, "data")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    public void Dispose()
    {
        Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "fast", "stop");
        if (!_keep)
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} failed: {err.Result}");
        }
    }
}
