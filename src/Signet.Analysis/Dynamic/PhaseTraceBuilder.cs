namespace Signet.Analysis.Dynamic;

/// <summary>
/// Turns one phase's strace log into a <see cref="PhaseTrace"/>. Only the sandbox's processes count: the process that
/// executes <c>/signet/sandbox.sh</c> and its descendants (bubblewrap's own set-up before that is left out). Each process's
/// current program decides whether its actions are the harness's (the sandbox scripts, npm, pip, the DNS stub, tar) or the
/// package's; a child inherits its parent's until it executes another program.
/// </summary>
internal static class PhaseTraceBuilder
{
    /// <summary>At most this many entries per list of a phase record.</summary>
    public const int MaxEntries = 2000;

    private static readonly string[] SystemPrefixes = ["/usr/", "/proc/", "/sys/", "/dev/", "/etc/", "/lib", "/bin/", "/signet/"];

    private static readonly HashSet<string> HarnessHelpers = new(StringComparer.Ordinal) { "tar", "gzip", "mkdir", "sleep" };

    public static PhaseTrace Build(
        string phase, string status, int? exitCode, string stdout, string stderr,
        IEnumerable<string> straceLines, IEnumerable<string> dnsLines)
    {
        var (calls, killed) = StraceLog.Parse(straceLines);
        var parent = new Dictionary<int, int>();
        foreach (var c in calls.Where(c => c.Name is "clone" or "clone3" or "fork" or "vfork" && c.Result > 0))
        {
            parent.TryAdd((int)c.Result!.Value, c.Pid);
        }

        // The sandbox starts where /usr/bin/sh runs /signet/sandbox.sh (setpriv's and bwrap's argument lists name it too).
        var root = calls.FirstOrDefault(c => c.Name == "execve" && c.Result == 0 && c.Args.StartsWith("\"/usr/bin/sh\", [\"/usr/bin/sh\", \"/signet/sandbox.sh\"", StringComparison.Ordinal));
        var harness = new Dictionary<int, bool>();
        var files = new Dictionary<string, FileAccess>(StringComparer.Ordinal);
        var sockets = new List<SocketAttempt>();
        var commands = new List<CommandRun>();
        var events = new List<TraceEvent>();
        var started = false;
        foreach (var call in calls)
        {
            if (root is null)
            {
                break;
            }

            if (ReferenceEquals(call, root))
            {
                started = true;
            }

            if (!started || !InSandbox(call.Pid, root.Pid, parent))
            {
                continue;
            }

            var isHarness = HarnessOf(call.Pid, harness, parent);
            switch (call.Name)
            {
                case "execve" or "execveat" when call.Result == 0:
                    var argv = StraceLog.Strings(StraceLog.SplitArgs(call.Args).ElementAtOrDefault(call.Name == "execve" ? 1 : 2) ?? string.Empty);
                    var nowHarness = IsHarnessProgram(argv) || isHarness && argv.Count > 0 && HarnessHelpers.Contains(Path.GetFileName(argv[0]));
                    harness[call.Pid] = nowHarness;
                    Add(commands, new CommandRun(argv, []));
                    if (!nowHarness)
                    {
                        events.Add(new TraceEvent(TraceEventKind.Exec, argv.FirstOrDefault() ?? string.Empty, 0, false, argv, isHarness));
                    }

                    break;
                case "open" or "openat" or "creat":
                    Open(call, isHarness, files, events);
                    break;
                case "unlink" or "unlinkat" or "rename" or "renameat" or "renameat2" when call.Result == 0:
                    var paths = PathArgs(call);
                    if (paths.Count > 0)
                    {
                        Merge(files, paths[0], read: false, write: false, delete: true);
                        if (!isHarness)
                        {
                            events.Add(new TraceEvent(TraceEventKind.Delete, paths[0], 0, false, [], false));
                        }
                    }

                    if (paths.Count > 1)
                    {
                        Merge(files, paths[1], read: false, write: true, delete: false);
                        if (!isHarness)
                        {
                            events.Add(new TraceEvent(TraceEventKind.Open, paths[1], 0, true, [], false));
                        }
                    }

                    break;
                case "connect" or "sendto" or "sendmsg" when !isHarness && StraceLog.SocketAddress(call.Args) is { } address:
                    // The package's own sockets only: the stub resolver's replies and npm's (offline) sockets are the harness's.
                    if (!sockets.Exists(s => s.Address == address.Address && s.Port == address.Port))
                    {
                        Add(sockets, new SocketAttempt(address.Address, address.Port, []));
                    }

                    events.Add(new TraceEvent(TraceEventKind.Connect, address.Address, address.Port, false, [], false));
                    break;
            }
        }

        if (root is null)
        {
            status = "error_other";
        }

        var dns = dnsLines.Select(l => l.Split('\t')).Where(p => p.Length == 3)
            .Select(p => new DnsQuestion(p[0], p[1], p[2])).Distinct().Take(MaxEntries).ToList();
        // A signal that ended one of the package's processes (the stub resolver is killed with the namespace; that is not the package).
        var killedBy = killed.Where(k => root is not null && InSandbox(k.Key, root.Pid, parent) && !HarnessOf(k.Key, harness, parent))
            .Select(k => k.Value).OrderBy(v => v == "SIGKILL" ? 1 : 0).FirstOrDefault();
        return new PhaseTrace(phase, status, exitCode, stdout, stderr, files.Values.Take(MaxEntries).ToList(), sockets, commands, dns, events.Take(MaxEntries * 4).ToList())
        {
            KilledBy = killedBy,
        };
    }

    private static void Open(StraceCall call, bool isHarness, Dictionary<string, FileAccess> files, List<TraceEvent> events)
    {
        var args = StraceLog.SplitArgs(call.Args);
        var path = PathArgs(call).FirstOrDefault();
        if (path is null)
        {
            return;
        }

        var flags = call.Name switch
        {
            "openat" => args.ElementAtOrDefault(2) ?? string.Empty,
            "open" => args.ElementAtOrDefault(1) ?? string.Empty,
            _ => "O_WRONLY|O_CREAT|O_TRUNC",
        };
        var write = flags.Contains("O_WRONLY", StringComparison.Ordinal) || flags.Contains("O_RDWR", StringComparison.Ordinal)
            || flags.Contains("O_CREAT", StringComparison.Ordinal) || flags.Contains("O_TRUNC", StringComparison.Ordinal) || flags.Contains("O_APPEND", StringComparison.Ordinal);

        // Failed reads are mostly module-resolution probes; failed writes are attempts that count (a read-only system refuses them).
        if (!write && call.Result < 0)
        {
            return;
        }

        if (write || !SystemPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
        {
            Merge(files, path, read: !write, write: write, delete: false);
        }

        if (!isHarness)
        {
            events.Add(new TraceEvent(TraceEventKind.Open, path, 0, write, [], false));
        }
    }

    /// <summary>
    /// The path arguments of a call, joined to the directory of a <c>dirfd</c> when strace printed one (<c>-y</c>:
    /// <c>3&lt;/home/sandbox/.ssh&gt;</c>).
    /// </summary>
    private static List<string> PathArgs(StraceCall call)
    {
        var args = StraceLog.SplitArgs(call.Args);
        var result = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith('"'))
            {
                continue;
            }

            var p = StraceLog.Unquote(args[i]);
            if (!p.StartsWith('/') && i > 0 && args[i - 1] is var dirfd && dirfd.IndexOf('<', StringComparison.Ordinal) is var lt and > 0 && dirfd.EndsWith('>'))
            {
                p = dirfd[(lt + 1)..^1].TrimEnd('/') + "/" + p;
            }

            result.Add(p);
        }

        return result;
    }

    private static bool InSandbox(int pid, int root, Dictionary<int, int> parent)
    {
        for (int p = pid, hops = 0; hops < 10_000; p = parent[p], hops++)
        {
            if (p == root)
            {
                return true;
            }

            if (!parent.ContainsKey(p))
            {
                return false;
            }
        }

        return false;
    }

    private static bool HarnessOf(int pid, Dictionary<int, bool> harness, Dictionary<int, int> parent)
    {
        if (harness.TryGetValue(pid, out var h))
        {
            return h;
        }

        // Not seen executing yet: it runs its parent's program (a fork, or a thread).
        var inherited = parent.TryGetValue(pid, out var pp) ? HarnessOf(pp, harness, parent) : true;
        harness[pid] = inherited;
        return inherited;
    }

    /// <summary>The sandbox's own programs: its scripts under /signet, setpriv and prlimit, npm, pip, the DNS stub.</summary>
    internal static bool IsHarnessProgram(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
        {
            return false;
        }

        var program = Path.GetFileName(argv[0]);
        var first = argv.Count > 1 ? argv[1] : string.Empty;
        return program switch
        {
            "sh" => first.StartsWith("/signet/", StringComparison.Ordinal),
            "setpriv" or "prlimit" or "npm" => true,
            "node" => first is "/usr/bin/npm" || first.EndsWith("npm-cli.js", StringComparison.Ordinal),
            "python3" => first == "/signet/dns-stub.py" || first == "-m" && argv.Count > 2 && argv[2] == "pip",
            _ => false,
        };
    }

    private static void Merge(Dictionary<string, FileAccess> files, string path, bool read, bool write, bool delete)
    {
        if (files.Count >= MaxEntries && !files.ContainsKey(path))
        {
            return;
        }

        files[path] = files.TryGetValue(path, out var f) ? new FileAccess(path, f.Read || read, f.Write || write, f.Delete || delete) : new FileAccess(path, read, write, delete);
    }

    private static void Add<T>(List<T> list, T item)
    {
        if (list.Count < MaxEntries)
        {
            list.Add(item);
        }
    }
}
