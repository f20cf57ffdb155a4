using System.Runtime.InteropServices;
using Signet.Core.Keys;

namespace Signet.LogLoad;

/// <summary>
/// How fast this machine's cores are during a timed window. On this VM the same work costs up to a third more CPU in one
/// run than in another (profiled in session 19: the log's ECDSA verification, one per entry, took 33.6–44.7 perf
/// samples per 1,000 entries in four runs of one quiet window), so a run's entries/s and its server's CPU per entry
/// move with the machine, not only with the code. The probe is a thread of the load tool that verifies
/// <see cref="Burst"/> ECDSA P-256 signatures every <see cref="Period"/> and takes the CPU time they cost from
/// <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c> (its own thread's time on a core, to the nanosecond; time waiting for
/// a core does not count), about 1 % of one core. (<c>/proc/thread-self/schedstat</c> will not do: the running
/// thread's figure there is brought up to date only at scheduler ticks, so a 2 ms burst mostly reads as less.) Its
/// figure, CPU µs per verification, is the yardstick: a run's server CPU per entry divided by it is the code's cost in
/// verifications, comparable across runs.
/// </summary>
internal sealed class SpeedProbe : IDisposable
{
    private const int Burst = 20;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private long _nanoseconds;
    private long _verifies;
    private volatile bool _counting;

    /// <summary>Starts the probe (not counting until <see cref="Start"/>).</summary>
    public SpeedProbe()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "speed probe" };
        _thread.Start();
    }

    /// <summary>Whether the probe can read its thread's CPU time (Linux).</summary>
    public static bool Available => OperatingSystem.IsLinux();

    /// <summary>Starts counting (the timed window opens).</summary>
    public void Start() => _counting = true;

    /// <summary>Stops counting and returns the mean CPU µs per verification in the window, or NaN where it cannot be read (not Linux).</summary>
    public double Stop()
    {
        _counting = false;
        var verifies = Interlocked.Read(ref _verifies);
        return verifies == 0 ? double.NaN : Interlocked.Read(ref _nanoseconds) / 1e3 / verifies;
    }

    private void Run()
    {
        if (!Available)
        {
            return;
        }

        using var key = SigningKey.GenerateEcdsaP256();
        var data = new byte[64];
        var signatures = Enumerable.Range(0, Burst).Select(i => { data[0] = (byte)i; return (Data: data.ToArray(), Signature: key.Sign(data)); }).ToArray();
        var pub = key.PublicKey;
        while (!_stop.Wait(Period))
        {
            var before = OnCpuNanoseconds();
            foreach (var (d, s) in signatures)
            {
                if (!pub.Verify(d, s))
                {
                    throw new InvalidOperationException("the probe's signature did not verify");
                }
            }

            var spent = OnCpuNanoseconds() - before;
            if (_counting)
            {
                Interlocked.Add(ref _nanoseconds, spent);
                Interlocked.Add(ref _verifies, Burst);
            }
        }
    }

    private static long OnCpuNanoseconds() =>
        NativeClock.ClockGetTime(NativeClock.ThreadCpuTime, out var t) == 0
            ? (t.Seconds * 1_000_000_000) + t.Nanoseconds
            : throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}

/// <summary>clock_gettime(2) of Linux's C library (64-bit: <c>struct timespec</c> is two 64-bit fields).</summary>
internal static class NativeClock
{
    /// <summary>CLOCK_THREAD_CPUTIME_ID (linux/time.h).</summary>
    public const int ThreadCpuTime = 3;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>struct timespec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
