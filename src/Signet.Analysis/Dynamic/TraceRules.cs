using System.Net;

namespace Signet.Analysis.Dynamic;

/// <summary>
/// Findings from what the package's own processes did in the sandbox: a canary credential opened, a connection attempted,
/// a DNS question for a host other than the registries, a write that would persist (shell profiles, autostart, cron,
/// systemd, authorized_keys), a shell started by the package's code, a run stopped at a limit.
/// </summary>
public static class TraceRules
{
    private static readonly string[] PersistencePaths =
    [
        "/.bashrc", "/.bash_profile", "/.bash_login", "/.profile", "/.zshrc", "/.zprofile", "/.config/autostart/", "/.config/systemd/",
        "/.local/share/systemd/", "/.ssh/authorized_keys", "/etc/cron", "/var/spool/cron", "/etc/profile", "/etc/systemd/", "/etc/init.d/",
        "/etc/rc.local", "/.config/fish/config.fish", "/etc/ld.so.preload",
    ];

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "zsh", "ksh", "ash", "fish", "csh", "tcsh" };

    /// <param name="trace">The sandbox's record.</param>
    /// <param name="registryHosts">
    /// Hosts a package manager may resolve (the configured registries). npm and pip run offline in the sandbox, so in
    /// practice every name asked is the package's; <c>localhost</c> is always allowed.
    /// </param>
    public static IReadOnlyList<Finding> Evaluate(DynamicTrace trace, IReadOnlyCollection<string> registryHosts)
    {
        var findings = new List<Finding>();
        foreach (var phase in trace.Phases)
        {
            var where = "dynamic:" + phase.Phase;
            foreach (var e in phase.PackageEvents)
            {
                switch (e.Kind)
                {
                    case TraceEventKind.Open when trace.Canaries.Any(c => e.Target == c || !e.Target.StartsWith('/') && c.EndsWith("/" + e.Target, StringComparison.Ordinal)):
                        findings.Add(Finding.Of(Rules.CanaryRead, Severity.High, where, $"opened {e.Target}"));
                        break;
                    case TraceEventKind.Open or TraceEventKind.Delete when e.Write || e.Kind == TraceEventKind.Delete:
                        if (PersistencePaths.FirstOrDefault(p => e.Target.Contains(p, StringComparison.Ordinal)) is not null)
                        {
                            findings.Add(Finding.Of(Rules.PersistenceWrite, Severity.High, where, $"{(e.Kind == TraceEventKind.Delete ? "deleted" : "wrote")} {e.Target}"));
                        }

                        break;
                    case TraceEventKind.Connect when !(e.Target == "127.0.0.1" && e.Port == 53):
                        var loopback = IPAddress.TryParse(e.Target, out var ip) && IPAddress.IsLoopback(ip);
                        findings.Add(Finding.Of(Rules.ConnectionAttempt, loopback ? Severity.Medium : Severity.High, where, $"{e.Target} port {e.Port}"));
                        break;
                    case TraceEventKind.Exec when !e.SpawnedByHarness && Shells.Contains(Path.GetFileName(e.Target)):
                        findings.Add(Finding.Of(Rules.ShellSpawned, Severity.Medium, where, string.Join(' ', e.Argv)));
                        break;
                }
            }

            foreach (var q in phase.Dns.Where(q => q.Hostname != "localhost" && !registryHosts.Any(h => q.Hostname.Equals(h, StringComparison.OrdinalIgnoreCase))))
            {
                findings.Add(Finding.Of(Rules.DnsLookup, Severity.High, where, $"{q.Type} {q.Hostname}"));
            }

            if (phase.Status == "error_timeout")
            {
                findings.Add(Finding.Of(Rules.RunLimit, Severity.Medium, where, $"killed after {trace.Limits.WallClock.TotalSeconds:F0} s (wall clock)"));
            }
            else if (phase.KilledBy is { } signal && signal is "SIGXCPU" or "SIGKILL" or "SIGXFSZ" or "SIGSEGV")
            {
                findings.Add(Finding.Of(Rules.RunLimit, Severity.Medium, where, signal == "SIGKILL"
                    ? "a process of the package was killed by SIGKILL (past the hard CPU limit, or still running when the phase ended)"
                    : $"a process of the package was killed by {signal}"));
            }
        }

        return findings.DistinctBy(f => (f.Rule, f.File, f.Evidence)).ToList();
    }
}
