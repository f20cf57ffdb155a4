namespace Signet.Analysis.Dynamic;

/// <summary>
/// What a package did in the sandbox, phase by phase (<c>install</c>, then <c>import</c>), and the limits it ran under.
/// The phase records follow OpenSSF package-analysis' <c>StraceSummary</c> (files, sockets, commands, DNS).
/// </summary>
public sealed record DynamicTrace(IReadOnlyList<PhaseTrace> Phases, SandboxLimits Limits, IReadOnlyList<string> Canaries);

/// <summary>The limits one phase ran under.</summary>
public sealed record SandboxLimits(TimeSpan WallClock, int CpuSeconds, long DataBytes, long FileBytes, int Processes);

/// <summary>
/// One phase. <see cref="Status"/> as OpenSSF writes it: <c>completed</c> (the phase ran to its end, whatever its exit
/// code), <c>error_timeout</c> (killed at the wall-clock limit), <c>error_other</c>.
/// </summary>
public sealed record PhaseTrace(
    string Phase,
    string Status,
    int? ExitCode,
    string Stdout,
    string Stderr,
    IReadOnlyList<FileAccess> Files,
    IReadOnlyList<SocketAttempt> Sockets,
    IReadOnlyList<CommandRun> Commands,
    IReadOnlyList<DnsQuestion> Dns,
    IReadOnlyList<TraceEvent> PackageEvents)
{
    /// <summary>A signal that killed a process of the phase (SIGXCPU, SIGKILL, SIGSEGV …), if any.</summary>
    public string? KilledBy { get; init; }
}

/// <summary>OpenSSF <c>FileResult</c>: a path and whether it was read, written or deleted.</summary>
public sealed record FileAccess(string Path, bool Read, bool Write, bool Delete);

/// <summary>OpenSSF <c>SocketResult</c>: an address and port a process connected or sent to.</summary>
public sealed record SocketAttempt(string Address, int Port, IReadOnlyList<string> Hostnames);

/// <summary>OpenSSF <c>CommandResult</c>: a program's argument vector (the environment is not recorded).</summary>
public sealed record CommandRun(IReadOnlyList<string> Command, IReadOnlyList<string> Environment);

/// <summary>OpenSSF <c>DNSResult</c> flattened: one question's class, type and name, as the stub resolver saw it.</summary>
public sealed record DnsQuestion(string Class, string Type, string Hostname);

/// <summary>What a system call of the package's own processes did (the harness's processes — npm, pip, the stub — are left out).</summary>
public enum TraceEventKind
{
    Exec,
    Open,
    Delete,
    Connect,
}

/// <summary>
/// One action of the package's code: a program started (<see cref="Argv"/>, and whether the harness started it, as npm
/// starts a lifecycle script's shell), a file opened (for writing or not), deleted, or a connection made.
/// </summary>
public sealed record TraceEvent(TraceEventKind Kind, string Target, int Port, bool Write, IReadOnlyList<string> Argv, bool SpawnedByHarness);
