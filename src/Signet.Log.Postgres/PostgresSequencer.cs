using Npgsql;
using NpgsqlTypes;
using Signet.Log.Storage;

namespace Signet.Log.Postgres;

/// <summary>
/// The shared log database in PostgreSQL. Sequencing: each batch is one transaction that advances the next index
/// under the coordination row's lock and inserts the new entries and their search keys, after a look-up of its leaf
/// hashes for de-duplication (<see cref="PostgresSequencing"/>: one round trip under the lock, committed without waiting
/// for the WAL flush so the lock is not held through an fsync); a synchronous commit after it makes the batch durable
/// before any index is acknowledged. Integration
/// is serialised by a session advisory lock on a dedicated connection, kept by one front end from round to round
/// (<see cref="PostgresIntegrationLock"/>), and the integrated state is advanced with
/// compare-and-set, so any number of front ends can share the log; both steps NOTIFY the others
/// (<see cref="ILogChangeSignal"/>).
/// </summary>
public sealed class PostgresSequencer : ILogDatabase, ILogChangeSignal
{
    private readonly NpgsqlDataSource _db;
    private readonly PostgresSchema _schema;
    private readonly string _p; // table-name prefix
    private readonly PostgresIntegrationLock _integrationLock;
    private readonly IntegratedStateCache _state = new();

    private PostgresSequencer(NpgsqlDataSource db, PostgresSchema schema)
    {
        _db = db;
        _schema = schema;
        _p = schema.Prefix;
        Tiles = new PostgresTileStore(db, schema);
        _integrationLock = new PostgresIntegrationLock(db, schema.IntegrationLock);
    }

    /// <summary>The log's tiles, entry bundles and checkpoint in the same database, over the same connections: with
    /// it, a front end keeps no log state on its own disk.</summary>
    public PostgresTileStore Tiles { get; }

    /// <summary>Connects to the default log's tables and creates them if they do not exist (serialised across front
    /// ends by an advisory lock).</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    public static Task<PostgresSequencer> OpenAsync(string connectionString, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, "", cancellationToken);

    /// <summary>Connects to the tables of the log named <paramref name="log"/> (several logs share one database, e.g.
    /// the Rekor log and the CT log) and creates them if they do not exist.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="log">"" for the default log, else 1–16 lower-case letters or digits (the tables' prefix).</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    public static async Task<PostgresSequencer> OpenAsync(string connectionString, string log, CancellationToken cancellationToken)
    {
        var schema = new PostgresSchema(log);
        var db = PostgresCommands.DataSource(connectionString);
        try
        {
            var conn = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (conn.ConfigureAwait(false))
            {
                var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    await ExecAsync(conn, tx, $"SELECT pg_advisory_xact_lock({PostgresSchema.SchemaLock})", cancellationToken).ConfigureAwait(false);
                    await ExecAsync(conn, tx, schema.Tables, cancellationToken).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                await PostgresSequencing.FlushAsync(conn).ConfigureAwait(false); // fails here, not after a batch's commit
            }
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PostgresSequencer(db, schema);
    }

    /// <summary>
    /// How far the database server's clock is from <paramref name="time"/>'s (positive: the database is ahead), within
    /// half the round trip it was measured over. Front ends sharing a log stamp what they sign with their own clocks —
    /// a certificate's notBefore on one, the entry's integrated time or a timestamp on another, all in whole seconds —
    /// so their clocks must agree; the database is the one clock they all reach.
    /// </summary>
    /// <param name="time">This front end's clock.</param>
    /// <param name="cancellationToken">Cancels the measurement.</param>
    public async Task<(TimeSpan Offset, TimeSpan Uncertainty)> MeasureClockOffsetAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, "SELECT clock_timestamp()");
            await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false); // the statement is prepared and warm
            var before = time.GetUtcNow();
            var database = (DateTime)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            var after = time.GetUtcNow();
            var midpoint = before + ((after - before) / 2);
            return (new DateTimeOffset(DateTime.SpecifyKind(database, DateTimeKind.Utc)) - midpoint, (after - before) / 2);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken) =>
        await PostgresSequencing.TryAppendAsync(_db, _schema, batch, integratedTime, cancellationToken).ConfigureAwait(false)
        ?? await PostgresSequencing.AppendLockedAsync(_db, _schema, batch, integratedTime, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<ulong> GetSequencedSizeAsync(CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, $"SELECT next_idx FROM {_p}seq_coord WHERE id = 1");
            return (ulong)(long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredEntry>> ReadEntriesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, $"SELECT idx, body, integrated_time FROM {_p}entries WHERE idx >= $1 AND idx < $2 ORDER BY idx");
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)start, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = LogRows.End(start, count), NpgsqlDbType = NpgsqlDbType.Bigint });
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await LogRows.EntriesAsync(reader, count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, $"SELECT idx FROM {_p}entries WHERE leaf_hash = $1");
            cmd.Parameters.Add(new NpgsqlParameter { Value = leafHash, NpgsqlDbType = NpgsqlDbType.Bytea });
            return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long l ? (ulong)l : null;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ulong>> SearchAsync(string searchKey, int limit, CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, $"SELECT idx FROM {_p}search WHERE key = $1 ORDER BY idx LIMIT $2");
            cmd.Parameters.Add(new NpgsqlParameter { Value = searchKey, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await LogRows.IndicesAsync(reader, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>While this front end listens for the log's changes, the state last read or committed is answered
    /// again until a larger one is announced (<see cref="IntegratedStateCache"/>).</remarks>
    public async Task<IntegratedState?> ReadIntegratedStateAsync(CancellationToken cancellationToken)
    {
        if (_state.TryGet(out var cached))
        {
            return cached;
        }

        var version = _state.Version;
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, $"SELECT size, root, frontier, checkpoint FROM {_p}integration WHERE id = 1");
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var state = await LogRows.IntegratedStateAsync(reader, cancellationToken).ConfigureAwait(false);
            _state.Keep(version, state);
            return state;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The compare-and-set and the NOTIFY naming the new size are one statement (one round trip): the
    /// others publish the new checkpoint at once instead of at their next poll.</remarks>
    public async Task<bool> TryCommitIntegratedStateAsync(ulong expectedSize, IntegratedState next, CancellationToken cancellationToken)
    {
        var version = _state.Version;
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, $"""
                WITH c AS (
                    INSERT INTO {_p}integration AS s (id, size, root, frontier, checkpoint) VALUES (1, $2, $3, $4, $5)
                    ON CONFLICT (id) DO UPDATE SET size = excluded.size, root = excluded.root, frontier = excluded.frontier, checkpoint = excluded.checkpoint
                    WHERE s.size = $1
                    RETURNING s.size)
                SELECT pg_notify('{PostgresChanges.Channel(_schema)}', '{PostgresChanges.Integrated}' || c.size) FROM c
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)expectedSize, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)next.Size, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = next.RootHash, NpgsqlDbType = NpgsqlDbType.Bytea });
            cmd.Parameters.Add(new NpgsqlParameter { Value = FrontierCodec.Encode(next.Frontier), NpgsqlDbType = NpgsqlDbType.Bytea });
            cmd.Parameters.Add(new NpgsqlParameter { Value = next.Checkpoint, NpgsqlDbType = NpgsqlDbType.Bytea });
            bool committed;
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                committed = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }

            if (committed)
            {
                _state.Keep(version, next);
            }
            else
            {
                _state.Forget(); // another front end committed: read its state
            }

            return committed;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The lock is kept from round to round until the integration loop stops (<paramref name="cancellationToken"/>
    /// is cancelled) or the store is disposed (<see cref="PostgresIntegrationLock"/>).</remarks>
    public Task<bool> TryWithIntegrationLockAsync(Func<CancellationToken, Task> integrate, CancellationToken cancellationToken) =>
        _integrationLock.TryRunAsync(integrate, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>A sequencing notification wakes only a front end that integrates (or may take the integration lock
    /// now); an integration notification wakes every front end whose state it advances.</remarks>
    public async Task ListenAsync(Action changed, CancellationToken cancellationToken)
    {
        try
        {
            await PostgresChanges.ListenAsync(_db, _schema, () => { _state.Listening(true); changed(); }, payload => Notified(payload, changed), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _state.Listening(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _integrationLock.DisposeAsync().ConfigureAwait(false);
        await _db.DisposeAsync().ConfigureAwait(false);
    }

    private void Notified(string payload, Action changed)
    {
        var change = PostgresChanges.Parse(payload);
        if (change.Unknown)
        {
            _state.Forget();
            changed();
        }
        else if (change.IntegratedSize is { } size)
        {
            if (_state.Announced(size))
            {
                changed();
            }
        }
        else if (_integrationLock.MayIntegrate)
        {
            changed();
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql) => PostgresCommands.Command(conn, tx, sql);

    private static Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken) =>
        PostgresCommands.ExecAsync(conn, tx, sql, cancellationToken);
}
