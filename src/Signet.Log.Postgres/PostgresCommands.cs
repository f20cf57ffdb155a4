using System.Data;
using System.Data.Common;
using Npgsql;

namespace Signet.Log.Postgres;

/// <summary>Commands over the log's tables. SQL text is built only from constants and a validated table prefix
/// (<see cref="PostgresSchema"/>); every value is a parameter.</summary>
internal static class PostgresCommands
{
    /// <summary>The pooled data source of a log's connection string. No use of a pooled connection leaves session state
    /// behind: no SET, no prepared statements, transactions are committed or rolled back (Npgsql rolls an open one back
    /// when its connection is returned, reset or not), and LISTEN and the session advisory lock are undone before their
    /// connection is returned (<see cref="UndoSessionStateAsync"/>). So Npgsql's <c>DISCARD ALL</c> on each return would
    /// only be one more statement per use, and <c>No Reset On Close</c> is set unless the connection string says
    /// otherwise. (Npgsql's own builder answers <c>ContainsKey</c> for every keyword it knows, so the given string is
    /// asked whether it sets this one.)</summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        builder.EnableArrays();
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
    }

    public static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql)
    {
#pragma warning disable CA2100 // SQL text is constants and a validated prefix; values are parameters
        return new NpgsqlCommand(sql, conn, tx);
#pragma warning restore CA2100
    }

    public static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Command(conn, tx, sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Undoes a use's session state (LISTEN, a session advisory lock) before its connection goes back to the
    /// pool, which does not reset sessions (<c>No Reset On Close</c>, <see cref="PostgresSequencer"/>). A connection
    /// that is broken is never pooled again; one whose undoing fails is closed instead of being handed out again.</summary>
    public static async Task UndoSessionStateAsync(NpgsqlConnection conn, string sql)
    {
        if (conn.FullState != ConnectionState.Open)
        {
            return;
        }

        try
        {
            await ExecAsync(conn, null, sql, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            NpgsqlConnection.ClearPool(conn); // busy connections of the pool, this one included, close when returned
        }
    }
}
