using Npgsql;
using NpgsqlTypes;
using Signet.Log.Storage;

namespace Signet.Log.Postgres;

/// <summary>
/// The shared log database in PostgreSQL. Sequencing: each batch is one transaction that advances the next index
/// under the coordination row's lock and inserts the new entries and their search keys, after a look-up of its leaf
/// hashes for de-duplication (<see cref="PostgresSequencing"/>: one round trip under the lock); the commit is durable (<c>synchronous_commit</c> on) before any index is acknowledged. Integration
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
        var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        builder.EnableArrays();
        var db = builder.Build();
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
            }
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PostgresSequencer(db, schema);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken) =>
        await PostgresSequencing.TryAppendAsync(_db, _schema, batch, integratedTime, cancellationToken).ConfigureAwait(false)
        ?? await SequenceLockedAsync(batch, integratedTime, cancellationToken).ConfigureAwait(false);

    /// <summary>Sequences a batch with the coordination row locked before the leaf hashes are looked up: the way taken
    /// when another front end sequenced one of the batch's leaves concurrently (see <see cref="PostgresSequencing"/>).</summary>
    private async Task<IReadOnlyList<SequencedEntry>> SequenceLockedAsync(IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                long next;
                await using (var lockCmd = Command(conn, tx, $"SELECT next_idx FROM {_p}seq_coord WHERE id = 1 FOR UPDATE"))
                {
                    next = (long)(await lockCmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                var existing = new Dictionary<string, (long Index, long Time)>(StringComparer.Ordinal);
                await using (var find = Command(conn, tx, $"SELECT leaf_hash, idx, integrated_time FROM {_p}entries WHERE leaf_hash = ANY($1)"))
                {
                    find.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.LeafHash).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                    await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        existing[Convert.ToHexString((byte[])reader.GetValue(0))] = (reader.GetInt64(1), reader.GetInt64(2));
                    }
                }

                var results = new SequencedEntry[batch.Count];
                var idx = new List<long>();
                var hashes = new List<byte[]>();
                var bodies = new List<byte[]>();
                var keys = new List<string>();
                var keyIdx = new List<long>();
                for (var n = 0; n < batch.Count; n++)
                {
                    var hex = Convert.ToHexString(batch[n].LeafHash);
                    if (existing.TryGetValue(hex, out var found))
                    {
                        results[n] = new SequencedEntry((ulong)found.Index, Duplicate: true, found.Time);
                        continue;
                    }

                    existing[hex] = (next, integratedTime);
                    idx.Add(next);
                    hashes.Add(batch[n].LeafHash);
                    bodies.Add(batch[n].Body);
                    foreach (var k in batch[n].SearchKeys.Distinct(StringComparer.Ordinal))
                    {
                        keys.Add(k);
                        keyIdx.Add(next);
                    }

                    results[n] = new SequencedEntry((ulong)next, Duplicate: false, integratedTime);
                    next++;
                }

                if (idx.Count > 0)
                {
                    await using (var insert = Command(conn, tx,
                        $"INSERT INTO {_p}entries(idx, leaf_hash, body, integrated_time) SELECT i, h, b, $4 FROM unnest($1, $2, $3) AS t(i, h, b)"))
                    {
                        insert.Parameters.Add(new NpgsqlParameter { Value = idx.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                        insert.Parameters.Add(new NpgsqlParameter { Value = hashes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                        insert.Parameters.Add(new NpgsqlParameter { Value = bodies.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                        insert.Parameters.Add(new NpgsqlParameter { Value = integratedTime, NpgsqlDbType = NpgsqlDbType.Bigint });
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (keys.Count > 0)
                    {
                        await using var index = Command(conn, tx,
                            $"INSERT INTO {_p}search(key, idx) SELECT k, i FROM unnest($1, $2) AS t(k, i) ON CONFLICT DO NOTHING");
                        index.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                        index.Parameters.Add(new NpgsqlParameter { Value = keyIdx.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                        await index.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await using (var advance = Command(conn, tx, $"UPDATE {_p}seq_coord SET next_idx = $1 WHERE id = 1"))
                    {
                        advance.Parameters.Add(new NpgsqlParameter { Value = next, NpgsqlDbType = NpgsqlDbType.Bigint });
                        await advance.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    // Delivered at commit: the integrating front end need not wait for its poll.
                    await ExecAsync(conn, tx, PostgresChanges.Notify(_schema), cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return results;
            }
        }
    }

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
    public async Task<IntegratedState?> ReadIntegratedStateAsync(CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, $"SELECT size, root, frontier, checkpoint FROM {_p}integration WHERE id = 1");
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await LogRows.IntegratedStateAsync(reader, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryCommitIntegratedStateAsync(ulong expectedSize, IntegratedState next, CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = Command(conn, null, $"""
                INSERT INTO {_p}integration AS s (id, size, root, frontier, checkpoint) VALUES (1, $2, $3, $4, $5)
                ON CONFLICT (id) DO UPDATE SET size = excluded.size, root = excluded.root, frontier = excluded.frontier, checkpoint = excluded.checkpoint
                WHERE s.size = $1
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)expectedSize, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)next.Size, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = next.RootHash, NpgsqlDbType = NpgsqlDbType.Bytea });
            cmd.Parameters.Add(new NpgsqlParameter { Value = FrontierCodec.Encode(next.Frontier), NpgsqlDbType = NpgsqlDbType.Bytea });
            cmd.Parameters.Add(new NpgsqlParameter { Value = next.Checkpoint, NpgsqlDbType = NpgsqlDbType.Bytea });
            if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }

            // The other front ends publish the new checkpoint at once instead of at their next poll.
            await PostgresCommands.ExecAsync(conn, null, PostgresChanges.Notify(_schema), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The lock is kept from round to round until the integration loop stops (<paramref name="cancellationToken"/>
    /// is cancelled) or the store is disposed (<see cref="PostgresIntegrationLock"/>).</remarks>
    public Task<bool> TryWithIntegrationLockAsync(Func<CancellationToken, Task> integrate, CancellationToken cancellationToken) =>
        _integrationLock.TryRunAsync(integrate, cancellationToken);

    /// <inheritdoc/>
    public Task ListenAsync(Action changed, CancellationToken cancellationToken) =>
        PostgresChanges.ListenAsync(_db, _schema, changed, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _integrationLock.DisposeAsync().ConfigureAwait(false);
        await _db.DisposeAsync().ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql) => PostgresCommands.Command(conn, tx, sql);

    private static Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken) =>
        PostgresCommands.ExecAsync(conn, tx, sql, cancellationToken);
}
