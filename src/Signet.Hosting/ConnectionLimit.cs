using System.Runtime.InteropServices;
using Signet.Core;

namespace Signet.Hosting;

/// <summary>
/// How many connections one of Signet's hosts serves at once. Every open connection holds a file descriptor, and a
/// process that has used up its open-file limit (<c>RLIMIT_NOFILE</c>) cannot open its database, its tiles or its TUF
/// lock — and the .NET runtime aborts the whole process ("Out of memory.") when it next needs a thread, which takes a
/// descriptor too. Kestrel accepts without bound by default, so idle connections alone brought <c>signet serve</c> down
/// under a limit of 1,024. Connections beyond this limit are accepted and closed at once (Kestrel's
/// <c>MaxConcurrentConnections</c>, counted by its <c>kestrel.rejected_connections</c> metric), which keeps
/// <see cref="Reserve"/> descriptors for the server itself: about 300 when idle (the runtime keeps each assembly open),
/// the rest for its files, outgoing connections and threads under load.
/// </summary>
public static partial class ConnectionLimit
{
    /// <summary>Descriptors kept for the server itself, out of the open-file limit.</summary>
    public const int Reserve = 512;

    /// <summary>The fewest connections a server is started with; an open-file limit that leaves fewer is refused.</summary>
    public const int Minimum = 64;

    /// <summary>
    /// The limit for a host: <paramref name="requested"/> (<c>--max-connections</c>) when given, else what
    /// <paramref name="openFileLimit"/> leaves after <see cref="Reserve"/>; none when the open-file limit is unknown
    /// and nothing was asked for.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="requested"/> is below 1.</exception>
    /// <exception cref="SignetConfigurationException">The open-file limit leaves fewer than <see cref="Minimum"/>
    /// connections, or fewer than <paramref name="requested"/>.</exception>
    public static int? Resolve(int? requested, long? openFileLimit)
    {
        Validate(requested);

        if (openFileLimit is not { } limit)
        {
            return requested;
        }

        var room = limit - Reserve;
        if (room < Minimum)
        {
            throw new SignetConfigurationException(
                $"the open-file limit is {limit}: a server keeps {Reserve} descriptors for itself and needs one per connection; raise it to at least {Reserve + Minimum} (ulimit -n, or LimitNOFILE= in a systemd unit)");
        }

        if (requested > room)
        {
            throw new SignetConfigurationException(
                $"--max-connections {requested} is more than the open-file limit of {limit} leaves room for ({room}, with {Reserve} kept for the server itself): raise the limit (ulimit -n, or LimitNOFILE=) or lower --max-connections");
        }

        return requested ?? (int)Math.Min(room, int.MaxValue);
    }

    /// <summary>Refuses a requested limit below 1 (options validate with this before a host is built).</summary>
    /// <exception cref="ArgumentException"><paramref name="requested"/> is below 1.</exception>
    public static void Validate(int? requested)
    {
        if (requested is < 1)
        {
            throw new ArgumentException($"--max-connections {requested}: at least 1");
        }
    }

    /// <summary>This process's open-file limit (the soft <c>RLIMIT_NOFILE</c>, which the .NET runtime raises to the hard
    /// one when it starts) on Linux; null elsewhere or when it cannot be read.</summary>
    public static long? OpenFileLimit()
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RLimitNoFile, out var limit) != 0)
        {
            return null;
        }

        return limit.Current is var n && n is > 0 and < long.MaxValue ? (long)n : null;
    }

    private const int RLimitNoFile = 7; // Linux (x86-64, arm64): RLIMIT_NOFILE

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);
}
