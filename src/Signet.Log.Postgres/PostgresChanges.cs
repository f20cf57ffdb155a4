using Npgsql;

namespace Signet.Log.Postgres;

/// <summary>
/// The change signal of one log over PostgreSQL LISTEN/NOTIFY. Each notification's payload says what changed, so that
/// a front end wakes only for work it has: <c>s</c> when entries were sequenced (sent in the sequencing transaction,
/// delivered at its commit: only the integrating front end has work), <c>i</c> and the size when an integrated state
/// was committed (every front end publishes it). Every front end listens on a connection of its own.
/// </summary>
internal static class PostgresChanges
{
    /// <summary>The payload of a sequencing notification.</summary>
    public const string Sequenced = "s";

    /// <summary>The prefix of an integration notification's payload (followed by the committed size in decimal).</summary>
    public const string Integrated = "i";

    /// <summary>How long one wait for a notification lasts before the listener looks at its cancellation again.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(1);

    /// <summary>The log's channel (the validated prefix, never a value).</summary>
    public static string Channel(PostgresSchema schema) => schema.Prefix + "changed";

    /// <summary>The NOTIFY statement of a sequencing transaction.</summary>
    public static string NotifySequenced(PostgresSchema schema) => $"NOTIFY {Channel(schema)}, '{Sequenced}'";

    /// <summary>What a notification says: entries sequenced, or the size of a committed integrated state. A payload
    /// this version does not know (an older front end's empty one during a rolling upgrade) says "anything".</summary>
    public static LogChange Parse(string payload)
    {
        if (payload == Sequenced)
        {
            return new LogChange(Sequenced: true, IntegratedSize: null);
        }

        return payload.StartsWith(Integrated, StringComparison.Ordinal)
            && ulong.TryParse(payload.AsSpan(Integrated.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            ? new LogChange(Sequenced: false, IntegratedSize: size)
            : new LogChange(Sequenced: true, IntegratedSize: null) { Unknown = true };
    }

    /// <summary>Listens until cancelled or the connection fails (which throws): <paramref name="listening"/> once
    /// LISTEN took effect (anything may have changed before), then <paramref name="notified"/> with each payload.
    /// LISTEN is undone before the connection goes back to the pool.</summary>
    public static async Task ListenAsync(NpgsqlDataSource db, PostgresSchema schema, Action listening, Action<string> notified, CancellationToken cancellationToken)
    {
        var conn = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            void OnNotification(object? sender, NpgsqlNotificationEventArgs e) => notified(e.Payload);
            conn.Notification += OnNotification;
            try
            {
                await PostgresCommands.ExecAsync(conn, null, $"LISTEN {Channel(schema)}", cancellationToken).ConfigureAwait(false);
                listening();
                while (true)
                {
                    // Npgsql's WaitAsync can miss a cancellation requested just as the wait starts (npgsql #2507,
                    // #5975), and a stopping log then waited for ever for a notification: a bounded wait ends anyway,
                    // and the next round sees the cancellation.
                    cancellationToken.ThrowIfCancellationRequested();
                    await conn.WaitAsync(WaitSlice, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                conn.Notification -= OnNotification;
                await PostgresCommands.UndoSessionStateAsync(conn, "UNLISTEN *").ConfigureAwait(false);
            }
        }
    }
}

/// <summary>One notification's meaning.</summary>
/// <param name="Sequenced">Entries were (or may have been) sequenced.</param>
/// <param name="IntegratedSize">The size of the integrated state committed, when that is what it says.</param>
internal readonly record struct LogChange(bool Sequenced, ulong? IntegratedSize)
{
    /// <summary>The payload was not understood: anything may have changed.</summary>
    public bool Unknown { get; init; }
}
