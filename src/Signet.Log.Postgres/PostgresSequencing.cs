using Npgsql;
using NpgsqlTypes;
using Signet.Log.Storage;

namespace Signet.Log.Postgres;

/// <summary>
/// Sequencing a batch: its leaf hashes are looked up (a committed entry never changes, so a hit is a duplicate for
/// good), then one statement advances the next index by the number of new entries with <c>UPDATE … RETURNING</c>
/// (which takes the coordination row's lock), inserts the entries and their search keys at the indices that follow,
/// and NOTIFYs, as one round trip. Normally (<see cref="TryAppendAsync"/>) the look-up runs before the lock and the
/// statement is its own implicit transaction, so the row lock is held for that one statement and its commit instead
/// of the five round trips of a lock-then-look-up transaction, which is what front ends sharing one database queue
/// on. When another front end committed one of the same leaves in between, the unique leaf-hash index refuses the
/// insert and nothing is written: the batch is then sequenced the careful way (<see cref="AppendLockedAsync"/>: the
/// row locked first, then the same look-up and statement). Either transaction commits without waiting for its WAL
/// flush, which releases the row lock before the fsync rather than after it (front ends queued on the row one fsync
/// each), and a synchronous commit right after makes it durable before the batch returns.
/// </summary>
internal static class PostgresSequencing
{
    private const string UniqueViolation = "23505";

    /// <summary>synchronous_commit off for the current transaction only (a pooled session keeps no setting).</summary>
    private const string AsynchronousCommit = "SELECT set_config('synchronous_commit', 'off', true)";

    /// <summary>The batch's results, or null when a leaf was sequenced concurrently by another front end (nothing written).</summary>
    public static async Task<IReadOnlyList<SequencedEntry>?> TryAppendAsync(
        NpgsqlDataSource db, PostgresSchema schema, IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken)
    {
        var conn = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            var plan = await PlanAsync(conn, null, schema, batch, integratedTime, cancellationToken).ConfigureAwait(false);
            long start;
            try
            {
                start = await InsertAsync(conn, schema, plan, integratedTime, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName?.EndsWith("leaf_hash_key", StringComparison.Ordinal) == true)
            {
                return null;
            }

            await FlushAsync(conn).ConfigureAwait(false);
            return plan.Results(start);
        }
    }

    /// <summary>Sequences the batch in one transaction that locks the coordination row before the look-up: the way
    /// taken after <see cref="TryAppendAsync"/> met a leaf another front end sequenced concurrently.</summary>
    public static async Task<IReadOnlyList<SequencedEntry>> AppendLockedAsync(
        NpgsqlDataSource db, PostgresSchema schema, IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken)
    {
        var conn = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await PostgresCommands.ExecAsync(conn, tx, $"SELECT next_idx FROM {schema.Prefix}seq_coord WHERE id = 1 FOR UPDATE", cancellationToken).ConfigureAwait(false);
                var plan = await PlanAsync(conn, tx, schema, batch, integratedTime, cancellationToken).ConfigureAwait(false);
                var start = await InsertAsync(conn, schema, plan, integratedTime, cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                await FlushAsync(conn).ConfigureAwait(false);
                return plan.Results(start);
            }
        }
    }

    /// <summary>Looks the batch's leaf hashes up and numbers its new entries.</summary>
    private static async Task<BatchPlan> PlanAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, PostgresSchema schema, IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<string, (long Index, long Time)>(StringComparer.Ordinal);
        await using (var find = PostgresCommands.Command(conn, tx, $"SELECT leaf_hash, idx, integrated_time FROM {schema.Prefix}entries WHERE leaf_hash = ANY($1)"))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.LeafHash).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing[Convert.ToHexString((byte[])reader.GetValue(0))] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        return new BatchPlan(batch, existing, integratedTime);
    }

    /// <summary>Advances the next index, inserts the plan's entries and search keys and notifies, in one round trip
    /// (its own implicit transaction unless one is open); returns the first new index. Nothing new: nothing written.</summary>
    private static async Task<long> InsertAsync(NpgsqlConnection conn, PostgresSchema schema, BatchPlan plan, long integratedTime, CancellationToken cancellationToken)
    {
        if (plan.Hashes.Count == 0)
        {
            return 0;
        }

        var p = schema.Prefix;
        await using var batch = new NpgsqlBatch(conn);
#pragma warning disable CA2100 // SQL text is constants and a validated prefix; values are parameters
        var insert = new NpgsqlBatchCommand($"""
            WITH c AS (UPDATE {p}seq_coord SET next_idx = next_idx + $1 WHERE id = 1 RETURNING next_idx - $1 AS start),
                 e AS (INSERT INTO {p}entries(idx, leaf_hash, body, integrated_time)
                       SELECT c.start + t.o - 1, t.h, t.b, $2 FROM c, unnest($3::bytea[], $4::bytea[]) WITH ORDINALITY AS t(h, b, o)),
                 s AS (INSERT INTO {p}search(key, idx)
                       SELECT k.k, c.start + k.o - 1 FROM c, unnest($5::text[], $6::bigint[]) AS k(k, o) ON CONFLICT DO NOTHING)
            SELECT start FROM c
            """);
#pragma warning restore CA2100
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = plan.Hashes.Count });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = integratedTime });
        insert.Parameters.Add(new NpgsqlParameter { Value = plan.Hashes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = plan.Bodies.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = plan.Keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = plan.KeyOrdinals.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        batch.BatchCommands.Add(insert);
        // Delivered at commit: the integrating front end need not wait for its poll (the others are not woken).
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresChanges.NotifySequenced(schema)));
        // This transaction's commit does not wait for its WAL flush, so the coordination row's lock is released when
        // the statement is done instead of after an fsync every other front end would queue behind; FlushAsync then
        // makes it durable before the batch returns. (Consulted at commit, so its place in the transaction is free.)
        batch.BatchCommands.Add(new NpgsqlBatchCommand(AsynchronousCommit));
        long start;
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("sequencing: the coordination row is missing");
            }

            start = reader.GetInt64(0);
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }

        // The reader is consumed to ReadyForQuery: an implicit transaction is committed (not yet flushed: FlushAsync).
        return start;
    }

    /// <summary>Makes every commit this session made or read durable before a batch's indices are handed out: a
    /// transaction that writes WAL (a transactional logical message, which also needs no table and no privilege) and
    /// commits synchronously flushes the WAL up to its own commit record, which follows the batch's asynchronous
    /// commit and the commit of any entry the batch's look-up found (WAL is one sequence; a commit is visible only once
    /// its record is in it). On synchronous standbys too, as configured. Not cancelled: the batch is committed. Also
    /// run once when a store opens, so that a role that may not emit the message fails there, not after a commit.</summary>
    public static Task FlushAsync(NpgsqlConnection conn) =>
        PostgresCommands.ExecAsync(conn, null, "SELECT pg_logical_emit_message(true, 'signet', 'flush')", CancellationToken.None);

    /// <summary>A batch numbered for insertion: new entries get ordinals 1..n (index = first new index + ordinal - 1);
    /// a leaf already in the log is a duplicate of that entry, a leaf repeated within the batch of its first occurrence.</summary>
    private sealed class BatchPlan
    {
        private readonly (long Ordinal, long Index, long Time)[] _results;

        public BatchPlan(IReadOnlyList<PendingEntry> batch, Dictionary<string, (long Index, long Time)> existing, long integratedTime)
        {
            _results = new (long, long, long)[batch.Count];
            var firstOrdinal = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var n = 0; n < batch.Count; n++)
            {
                var hex = Convert.ToHexString(batch[n].LeafHash);
                if (existing.TryGetValue(hex, out var found))
                {
                    _results[n] = (0, found.Index, found.Time);
                }
                else if (firstOrdinal.TryGetValue(hex, out var first))
                {
                    _results[n] = (-first, 0, integratedTime);
                }
                else
                {
                    Hashes.Add(batch[n].LeafHash);
                    Bodies.Add(batch[n].Body);
                    firstOrdinal[hex] = Hashes.Count;
                    foreach (var k in batch[n].SearchKeys.Distinct(StringComparer.Ordinal))
                    {
                        Keys.Add(k);
                        KeyOrdinals.Add(Hashes.Count);
                    }

                    _results[n] = (Hashes.Count, 0, integratedTime);
                }
            }
        }

        public List<byte[]> Hashes { get; } = [];

        public List<byte[]> Bodies { get; } = [];

        public List<string> Keys { get; } = [];

        public List<long> KeyOrdinals { get; } = [];

        public SequencedEntry[] Results(long start) => _results.Select(r => r.Ordinal switch
        {
            > 0 => new SequencedEntry((ulong)(start + r.Ordinal - 1), Duplicate: false, r.Time),
            < 0 => new SequencedEntry((ulong)(start - r.Ordinal - 1), Duplicate: true, r.Time),
            _ => new SequencedEntry((ulong)r.Index, Duplicate: true, r.Time),
        }).ToArray();
    }
}
