using System.Data;
using Npgsql;

namespace Signet.Log.Postgres;

/// <summary>Commands over the log's tables. SQL text is built only from constants and a validated table prefix
/// (<see cref="PostgresSchema"/>); every value is a parameter.</summary>
internal static class PostgresCommands
{
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
