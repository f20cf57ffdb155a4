using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Signet.Analysis.Packages;
using Signet.Core;

namespace Signet.Analysis.Dynamic;

/// <summary>
/// The sandbox made with bubblewrap and watched with strace. Each phase is one bubblewrap run: new user, network (loopback
/// only), PID, IPC and UTS namespaces; the system read-only (<c>/usr</c> only, no host <c>/etc</c>, no home); a throw-away
/// home with canary credentials; every capability dropped and no_new_privs before the package runs; rlimits on CPU, data,
/// file size and processes; a wall-clock kill from the host; a stub resolver that records DNS questions. strace runs on
/// the host side, so its log is out of the package's reach. When the host is root the sandbox runs as <c>nobody</c>.
/// If any of this cannot be set up, <see cref="SandboxUnavailableException"/> is thrown and no package code has run.
/// </summary>
public sealed partial class BubblewrapSandbox(SandboxOptions? options = null) : ISandbox
{
    private const string TracedCalls = "execve,execveat,open,openat,creat,unlink,unlinkat,rename,renameat,renameat2,connect,sendto,sendmsg,clone,clone3,fork,vfork";

    private readonly SandboxOptions _options = options ?? SandboxOptions.Default;

    public async Task<DynamicTrace> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        var (install, import) = Phases(request);
        if (!OperatingSystem.IsLinux())
        {
            throw new SandboxUnavailableException("bubblewrap sandboxes need Linux; the package was not run");
        }

        Require(_options.BubblewrapPath, "bubblewrap");
        Require(_options.StracePath, "strace");
        Require("/usr/bin/setpriv", "setpriv (util-linux)");
        Require("/usr/bin/prlimit", "prlimit (util-linux)");
        Require("/usr/bin/python3", "python3 (the stub resolver)");
        Require(request.Ecosystem == Ecosystem.Npm ? "/usr/bin/node" : "/usr/bin/python3", request.Ecosystem == Ecosystem.Npm ? "node" : "python3");

        var fileName = SafeFileName(request.PackagePath);
        using var layout = SandboxLayout.Create(request.PackagePath, fileName);
        var phases = new List<PhaseTrace>();
        var installTrace = await RunPhaseAsync(layout, "install", [install, .. InstallArgs(request, fileName)], cancellationToken).ConfigureAwait(false);
        phases.Add(installTrace);
        if (installTrace.Status == "completed" && installTrace.ExitCode == 0)
        {
            phases.Add(await RunPhaseAsync(layout, "import", [import, .. ImportArgs(request)], cancellationToken).ConfigureAwait(false));
        }

        var limits = new SandboxLimits(_options.PhaseTimeout, _options.CpuSeconds, _options.DataBytes, _options.FileBytes, RunsAsNobody ? _options.Processes : 0);
        return new DynamicTrace(phases, limits, SandboxLayout.Canaries);
    }

    private static bool RunsAsNobody => Environment.IsPrivilegedProcess;

    private static (string Install, string Import) Phases(SandboxRequest request) => request.Ecosystem switch
    {
        Ecosystem.Npm when NpmName().IsMatch(request.Name) => ("/signet/npm-install.sh", "/signet/npm-import.sh"),
        Ecosystem.Npm => throw new SignetFormatException($"npm package name '{request.Name}' is not a valid npm name"),
        Ecosystem.PyPI when request.ImportNames.Count > 0 && request.ImportNames.All(n => PythonModule().IsMatch(n)) => ("/signet/pip-install.sh", "/signet/pip-import.sh"),
        Ecosystem.PyPI => throw new SignetFormatException($"PyPI package '{request.Name}': no importable top-level module found"),
        _ => throw new SignetFormatException($"dynamic analysis runs npm and PyPI packages; a {request.Ecosystem.Name()} package runs no code at install (its build targets and scripts are covered by the static rules)"),
    };

    private static IEnumerable<string> InstallArgs(SandboxRequest r, string fileName)
        => r.Ecosystem == Ecosystem.Npm ? [r.Name, "/pkg/" + fileName] : ["/pkg/" + fileName];

    private static IEnumerable<string> ImportArgs(SandboxRequest r) => r.Ecosystem == Ecosystem.Npm ? [r.Name] : r.ImportNames;

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private async Task<PhaseTrace> RunPhaseAsync(SandboxLayout layout, string phase, IReadOnlyList<string> script, CancellationToken cancellationToken)
    {
        var traceLog = Path.Combine(layout.Logs, phase + ".strace");
        var dnsLog = Path.Combine(layout.Logs, phase + ".dns");
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // fd 3 carries the stub resolver's log out of the sandbox; the sandbox script closes it before the package runs.
        foreach (var a in new[] { "-c", "exec 3>>\"$0\"; exec \"$@\"", dnsLog, _options.StracePath, "--pidns-translation", "-f", "-qq", "-y", "-s", "4096", "-e", "signal=SIGXCPU,SIGXFSZ,SIGSEGV,SIGKILL", "-e", "trace=" + TracedCalls, "-o", traceLog, "--" })
        {
            psi.ArgumentList.Add(a);
        }

        if (RunsAsNobody)
        {
            foreach (var a in new[] { "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--" })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in BubblewrapArgs(layout))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var a in new[] { "/usr/bin/sh", "/signet/sandbox.sh", I(_options.CpuSeconds), I(_options.DataBytes), I(_options.FileBytes), RunsAsNobody ? I(_options.Processes) : "0" }.Concat(script))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SandboxUnavailableException("cannot start the sandbox: " + e.Message, e);
        }

        process.StandardInput.Close();
        var stdout = ReadCappedAsync(process.StandardOutput);
        var stderr = ReadCappedAsync(process.StandardError);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PhaseTimeout);
        var status = "completed";
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            status = "error_timeout";
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        var lines = File.Exists(traceLog) ? File.ReadLines(traceLog) : [];
        var dns = File.Exists(dnsLog) ? File.ReadAllLines(dnsLog) : [];
        var trace = PhaseTraceBuilder.Build(phase, status, status == "completed" ? process.ExitCode : null, output, errors, lines, dns);
        if (trace.Status == "error_other" || process.ExitCode == 97 && status == "completed")
        {
            // The sandbox script never started (bubblewrap refused), or it stopped before the package because the stub resolver did not start.
            var reason = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {process.ExitCode}";
            throw new SandboxUnavailableException($"the sandbox could not be made ({reason}); the package was not run");
        }

        return trace;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private IEnumerable<string> BubblewrapArgs(SandboxLayout layout)
    {
        string[] args =
        [
            _options.BubblewrapPath,
            "--unshare-user", "--uid", "0", "--gid", "0",
            "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--hostname", "sandbox",
            "--cap-drop", "ALL", "--cap-add", "CAP_NET_BIND_SERVICE", "--cap-add", "CAP_SETPCAP",
            "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
            "--ro-bind-try", "/etc/ssl/certs", "/etc/ssl/certs",
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
            "--ro-bind", layout.Scripts, "/signet",
            "--ro-bind", layout.Package, "/pkg",
            "--bind", layout.Work, "/work",
            "--bind", layout.HomeDir, SandboxLayout.Home,
            "--chdir", "/work",
            "--clearenv",
            "--setenv", "HOME", SandboxLayout.Home, "--setenv", "USER", "root", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp",
            "--setenv", "npm_config_cache", SandboxLayout.Home + "/.npm", "--setenv", "npm_config_update_notifier", "false",
            "--setenv", "npm_config_fund", "false", "--setenv", "npm_config_audit", "false",
            "--setenv", "PIP_NO_INDEX", "1", "--setenv", "PIP_NO_CACHE_DIR", "1", "--setenv", "PIP_DISABLE_PIP_VERSION_CHECK", "1", "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
            "--setenv", "NPM_TOKEN", "npm_signetcanary" + layout.Token, "--setenv", "GITHUB_TOKEN", "ghp_signetcanary" + layout.Token,
            "--setenv", "AWS_ACCESS_KEY_ID", "AKIASIGNETCANARY", "--setenv", "AWS_SECRET_ACCESS_KEY", "signet-canary-" + layout.Token,
        ];
        foreach (var a in args)
        {
            yield return a;
        }

        foreach (var name in new[] { "passwd", "group", "hosts", "resolv.conf", "nsswitch.conf" })
        {
            yield return "--ro-bind";
            yield return Path.Combine(layout.Etc, name);
            yield return "/etc/" + name;
        }

        yield return "--";
    }

    private async Task<string> ReadCappedAsync(StreamReader reader)
    {
        var sb = new StringBuilder();
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (sb.Length < _options.MaxOutputChars)
            {
                sb.Append(buffer, 0, Math.Min(n, _options.MaxOutputChars - sb.Length));
            }
        }

        return sb.ToString();
    }

    private static void Require(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new SandboxUnavailableException($"{what} not found at {path}; the package was not run");
        }
    }

    /// <summary>The package's file name as pip needs it (wheel names carry tags), reduced to safe characters.</summary>
    private static string SafeFileName(string path)
    {
        var name = Path.GetFileName(path);
        return SafeName().IsMatch(name) && !name.StartsWith('.') ? name : "package" + Path.GetExtension(name).Replace("/", string.Empty, StringComparison.Ordinal);
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    // npm package names: lower-case URL-safe characters, optionally scoped (npm/validate-npm-package-name); old packages may have capitals.
    [GeneratedRegex(@"^(?:@[A-Za-z0-9][A-Za-z0-9._~-]*/)?[A-Za-z0-9][A-Za-z0-9._~-]*$")]
    private static partial Regex NpmName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex PythonModule();

    [GeneratedRegex(@"^[A-Za-z0-9._+-]+$")]
    private static partial Regex SafeName();
}
