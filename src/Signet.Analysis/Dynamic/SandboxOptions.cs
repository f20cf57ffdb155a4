namespace Signet.Analysis.Dynamic;

/// <summary>Where the sandbox's tools are and the limits each phase runs under. Immutable; the defaults suit a small package.</summary>
public sealed record SandboxOptions
{
    public string BubblewrapPath { get; init; } = "/usr/bin/bwrap";

    public string StracePath { get; init; } = "/usr/bin/strace";

    /// <summary>Wall-clock limit of one phase; the host kills the whole process tree past it.</summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>RLIMIT_CPU of each process (SIGXCPU past it).</summary>
    public int CpuSeconds { get; init; } = 60;

    /// <summary>RLIMIT_DATA: heap and private writable memory of each process (virtual reservations such as V8's are not counted).</summary>
    public long DataBytes { get; init; } = 2L << 30;

    /// <summary>RLIMIT_FSIZE: the largest file a process may write.</summary>
    public long FileBytes { get; init; } = 256L << 20;

    /// <summary>RLIMIT_NPROC of the sandbox's own user (applied when the host runs as root and the sandbox as <c>nobody</c>).</summary>
    public int Processes { get; init; } = 256;

    /// <summary>How much of each phase's standard output and error is kept.</summary>
    public int MaxOutputChars { get; init; } = 64 * 1024;

    public static SandboxOptions Default { get; } = new();
}
