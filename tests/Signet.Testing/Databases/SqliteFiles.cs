using Microsoft.Data.Sqlite;

namespace Signet.Testing.Databases;

/// <summary>
/// A SQLite database copied as an operator backs it up or restores it: the file with its <c>-wal</c> and <c>-shm</c>,
/// none of them held open. A closed store's connections stay in Microsoft.Data.Sqlite's pool, open on the old file,
/// which a restarted process would not have; the pools are cleared first.
/// </summary>
public static class SqliteFiles
{
    /// <summary>Copies the database <paramref name="from"/> over <paramref name="to"/> (a missing <c>-wal</c> or
    /// <c>-shm</c> of the source is missing at the destination too).</summary>
    public static void Copy(string from, string to)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(to + suffix);
            if (File.Exists(from + suffix))
            {
                File.Copy(from + suffix, to + suffix);
            }
        }
    }
}
