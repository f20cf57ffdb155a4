using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Signet.LogLoad;

/// <summary>A throw-away PostgreSQL 15 cluster (initdb/pg_ctl via runuser on a temp dir, loopback port).</summary>
internal sealed class TempPostgres : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-bench-pg-").FullName;

    public TempPostgres()
    {
        Run("chown", "postgres", _dir);
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "initdb"), "-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "postgres");
        Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-w", "-l", Path.Combine(_dir, "log.txt"),
            "-o", $"-p {port} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=300", "start");
        // Up to four front ends of 64 connections each (the scale mode) fit under max_connections.
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=64";
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        Run("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "fast", "stop");
        Directory.Delete(_dir, recursive: true);
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
