using Npgsql;

namespace Signet.Log.Postgres;

/// <summary>
/// The change signal of one log over PostgreSQL LISTEN/NOTIFY: the sequencer notifies in each sequencing transaction
/// (delivered at its commit) and after each committed integrated state; every front end listens on a connection of
/// its own and wakes its integration loop.
/// </summary>
internal static class PostgresChanges
{
    /// <summary>The NOTIFY statement of the log (the channel is the validated prefix, never a value).</summary>
    public static string Notify(PostgresSchema schema) => $"NOTIFY {schema.Prefix}changed";

    public static async Task ListenAsync(NpgsqlDataSource db, PostgresSchema schema, Action changed, CancellationToken cancellationToken)
    {
        var conn = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            void OnNotification(object? sender, NpgsqlNotificationEventArgs e) => changed();
            conn.Notification += OnNotification;
            try
            {
                await PostgresCommands.ExecAsync(conn, null, $"LISTEN {schema.Prefix}changed", cancellationToken).ConfigureAwait(false);
                changed(); // anything that changed before LISTEN took effect
                while (true)
                {
                    await conn.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                conn.Notification -= OnNotification;
            }
        }
    }
}
