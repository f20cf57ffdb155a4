using Microsoft.Data.Sqlite;
using Npgsql;

namespace Signet.Server;

/// <summary>
/// A write the server's storage refused for want of room: SQLite's <c>SQLITE_FULL</c> (13), PostgreSQL's
/// <c>disk_full</c> (SQLSTATE 53100), or a file write that failed with <c>ENOSPC</c> or <c>EDQUOT</c> (on Windows
/// <c>ERROR_DISK_FULL</c>, <c>ERROR_HANDLE_DISK_FULL</c>). It is the service being unavailable until the operator makes
/// room — 503 with <c>Retry-After</c> — not a bug (500). The answer does not name the file or the database: the
/// operator's log does.
/// </summary>
internal static class StorageFull
{
    /// <summary>The problem's detail.</summary>
    public const string Detail = "the server's storage is full; retry later";

    /// <summary>When a client may try again: room is made by an operator, not in a second.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>The storage failure in <paramref name="exception"/> or its causes, or null when it is not one.</summary>
    public static Exception? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (Is(e))
            {
                return e;
            }

            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }

    private static bool Is(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode == SqliteFull,
        PostgresException p => p.SqlState == PostgresDiskFull,
        IOException io => OperatingSystem.IsWindows()
            ? io.HResult is WindowsDiskFull or WindowsHandleDiskFull
            : io.HResult is Enospc or Edquot,
        _ => false,
    };
}
