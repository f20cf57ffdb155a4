using Signet.Analysis.Dynamic;

namespace Signet.Analysis.Tests.Dynamic;

/// <summary>The strace log reader and the trace rules, on log lines in strace 6's own format (-f -qq -y --pidns-translation).</summary>
public sealed class TraceTests
{
    private static readonly string[] Canaries = ["/home/sandbox/.ssh/id_rsa", "/home/sandbox/.npmrc"];

    /// <summary>bubblewrap's set-up, the sandbox script, npm (harness) running a lifecycle shell (package), and the package's node.</summary>
    private static readonly string[] Log =
    [
        "100  execve(\"/usr/bin/bwrap\", [\"bwrap\", \"--unshare-user\"], 0x7ffd /* 1 var */) = 0",
        "100  openat(AT_FDCWD</>, \"/home/sandbox/.ssh/id_rsa\", O_RDONLY) = 3</x>",
        "100  clone(child_stack=NULL, flags=CLONE_NEWNS|CLONE_NEWUSER|CLONE_NEWPID|SIGCHLD) = 101",
        "101  execve(\"/usr/bin/sh\", [\"/usr/bin/sh\", \"/signet/sandbox.sh\", \"60\"], 0x55 /* 3 vars */) = 0",
        "101  vfork( <unfinished ...>",
        "102  execve(\"/usr/bin/python3\", [\"python3\", \"/signet/dns-stub.py\"], 0x55 /* 3 vars */) = 0",
        "101  <... vfork resumed>)              = 2 /* 102 in strace's PID NS */",
        "101  execve(\"/usr/bin/setpriv\", [\"setpriv\", \"--bounding-set=-all\"], 0x55 /* 3 vars */) = 0",
        "101  execve(\"/usr/bin/prlimit\", [\"prlimit\", \"--cpu=60\"], 0x55 /* 3 vars */) = 0",
        "101  execve(\"/usr/bin/sh\", [\"sh\", \"/signet/npm-install.sh\", \"demo\"], 0x55 /* 3 vars */) = 0",
        "101  execve(\"/usr/bin/node\", [\"node\", \"/usr/bin/npm\", \"rebuild\"], 0x55 /* 3 vars */) = 0",
        "101  openat(AT_FDCWD</work>, \"/home/sandbox/.npmrc\", O_RDONLY|O_CLOEXEC) = 21</home/sandbox/.npmrc>",
        "101  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD) = 3 /* 103 in strace's PID NS */",
        "103  execve(\"/bin/sh\", [\"sh\", \"-c\", \"node install.js\"], 0x55 /* 9 vars */) = 0",
        "103  clone(child_stack=NULL, flags=SIGCHLD) = 4 /* 104 in strace's PID NS */",
        "104  execve(\"/usr/bin/node\", [\"node\", \"install.js\"], 0x55 /* 9 vars */) = 0",
        "104  openat(3</home/sandbox/.ssh>, \"id_rsa\", O_RDONLY|O_CLOEXEC) = 22</home/sandbox/.ssh/id_rsa>",
        "104  openat(AT_FDCWD</work>, \"/home/sandbox/.bashrc\", O_WRONLY|O_CREAT|O_APPEND, 0666) = 23</home/sandbox/.bashrc>",
        "104  connect(24<UDP:[1]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
        "104  connect(25<TCP:[2]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.2\")}, 16 <unfinished ...>",
        "104  <... connect resumed>)            = -1 ECONNREFUSED (Connection refused)",
        "104  sendto(26<UDP:[3]>, \"x\", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"2001:db8::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH (Network is unreachable)",
        "104  clone(child_stack=NULL, flags=SIGCHLD) = 5 /* 105 in strace's PID NS */",
        "105  execve(\"/bin/bash\", [\"bash\", \"-c\", \"id\"], 0x55 /* 9 vars */) = 0",
        "104  +++ killed by SIGXCPU +++",
    ];

    private static readonly string[] Dns = ["IN\tA\texfil.example.invalid", "IN\tA\tregistry.example.invalid"];

    private static PhaseTrace Build() => PhaseTraceBuilder.Build("install", "completed", 0, "out", "err", Log, Dns);

    [Fact]
    public void Unfinished_and_resumed_halves_are_joined_and_pids_translated()
    {
        var (calls, killed) = StraceLog.Parse(Log);
        var vfork = calls.Single(c => c.Name == "vfork");
        Assert.Equal(102, vfork.Result);
        Assert.Equal(-1, calls.Single(c => c.Name == "connect" && c.Args.Contains("8080")).Result);
        Assert.Equal("SIGXCPU", killed[104]);
    }

    [Theory]
    [InlineData("\"a\\\"b\\n\\x41\\101\"", "a\"b\nAA")]
    [InlineData("\"trunc\"...", "trunc")]
    public void Strace_strings_are_unquoted(string quoted, string value) => Assert.Equal(value, StraceLog.Unquote(quoted));

    [Fact]
    public void Bubblewraps_own_set_up_and_the_harness_are_not_the_package()
    {
        var trace = Build();
        // bwrap (pid 100) opened the canary before the sandbox started: not counted; npm (harness) read the .npmrc: not counted.
        Assert.DoesNotContain(trace.PackageEvents, e => e.Target == "/home/sandbox/.npmrc");
        Assert.Single(trace.PackageEvents, e => e.Target == "/home/sandbox/.ssh/id_rsa");
        Assert.Contains(trace.Commands, c => c.Command.SequenceEqual(["node", "/usr/bin/npm", "rebuild"]));
        Assert.Equal("SIGXCPU", trace.KilledBy);
    }

    [Fact]
    public void The_phase_record_lists_files_sockets_and_dns()
    {
        var trace = Build();
        Assert.Contains(trace.Files, f => f.Path == "/home/sandbox/.bashrc" && f.Write);
        Assert.Contains(trace.Sockets, s => s.Address == "127.0.0.2" && s.Port == 8080);
        Assert.Contains(trace.Sockets, s => s.Address == "2001:db8::1" && s.Port == 443);
        Assert.Equal(2, trace.Dns.Count);
    }

    [Fact]
    public void Trace_rules_find_every_technique()
    {
        var findings = TraceRules.Evaluate(new DynamicTrace([Build()], new SandboxLimits(TimeSpan.FromSeconds(60), 60, 1, 1, 1), Canaries), ["registry.example.invalid"]);
        string Of(string rule) => string.Join(" | ", findings.Where(f => f.Rule == rule).Select(f => $"{f.Severity}:{f.Evidence}"));
        Assert.Equal("High:opened /home/sandbox/.ssh/id_rsa", Of(Rules.CanaryRead));
        Assert.Equal("High:wrote /home/sandbox/.bashrc", Of(Rules.PersistenceWrite));
        Assert.Equal("Medium:127.0.0.2 port 8080 | High:2001:db8::1 port 443", Of(Rules.ConnectionAttempt));
        Assert.Equal("High:A exfil.example.invalid", Of(Rules.DnsLookup));
        // npm's lifecycle shell is the harness's doing; the shell node started is the package's.
        Assert.Equal("Medium:bash -c id", Of(Rules.ShellSpawned));
        Assert.Equal("Medium:a process of the package was killed by SIGXCPU", Of(Rules.RunLimit));
    }

    [Fact]
    public void A_phase_stopped_at_the_wall_clock_is_a_run_limit()
    {
        var timedOut = PhaseTraceBuilder.Build("import", "error_timeout", null, string.Empty, string.Empty, Log.Take(4), []);
        var findings = TraceRules.Evaluate(new DynamicTrace([timedOut], new SandboxLimits(TimeSpan.FromSeconds(5), 60, 1, 1, 1), Canaries), []);
        Assert.Contains(findings, f => f.Rule == Rules.RunLimit && f.Evidence.Contains("5 s"));
    }

    [Fact]
    public void A_log_where_the_sandbox_never_started_is_an_error()
        => Assert.Equal("error_other", PhaseTraceBuilder.Build("install", "completed", 1, string.Empty, "bwrap: No permissions", Log.Take(3), []).Status);
}
