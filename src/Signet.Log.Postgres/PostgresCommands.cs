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
}
