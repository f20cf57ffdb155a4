using Npgsql;
using NpgsqlTypes;
using Signet.Log.Storage;

namespace Signet.Log.Postgres;

/// <summary>
/// Sequencing a batch in one round trip while the coordination row is locked. The leaf hashes are looked up first,
/// without the lock (a committed entry never changes, so a hit is a duplicate for good); then one implicit transaction
/// (one <see cref="NpgsqlBatch"/>, one Sync) advances the next index by the number of new entries with
/// <c>UPDATE … RETURNING</c> (which takes the row lock), inserts the entries and their search keys at the indices that
/// follow, and NOTIFYs; its commit is durable before the batch returns. The row lock is held for that one statement and
/// its commit instead of the five round trips of a lock-then-look-up transaction, which is what front ends sharing one
/// database queue on. When another front end committed one of the same leaves in between, the unique leaf-hash index
/// refuses the insert and nothing is written: the caller then sequences the batch the careful way (lock, look up,
/// insert).
/// </summary>
internal static class PostgresSequencing
{
    private const string UniqueViolation = "23505";

    /// <summary>The batch's results, or null when a leaf was sequenced concurrently by another front end (nothing written).</summary>
    public static async Task<IReadOnlyList<SequencedEntry>?> TryAppendAsync(
        NpgsqlDataSource db, PostgresSchema schema, IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken)
    {
        var p = schema.Prefix;
        var conn = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            var existing = new Dictionary<string, (long Index, long Time)>(StringComparer.Ordinal);
            await using (var find = PostgresCommands.Command(conn, null, $"SELECT leaf_hash, idx, integrated_time FROM {p}entries WHERE leaf_hash = ANY($1)"))
            {
                find.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.LeafHash).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    existing[Convert.ToHexString((byte[])reader.GetValue(0))] = (reader.GetInt64(1), reader.GetInt64(2));
                }
            }

            // New entries get ordinals 1..n (their index is the start returned by the insert plus ordinal - 1); a leaf
            // repeated within the batch is a duplicate of its first occurrence.
            var results = new (long Ordinal, long Index, long Time)[batch.Count];
            var firstOrdinal = new Dictionary<string, long>(StringComparer.Ordinal);
            var hashes = new List<byte[]>();
            var bodies = new List<byte[]>();
            var keys = new List<string>();
            var keyOrdinals = new List<long>();
            for (var n = 0; n < batch.Count; n++)
            {
                var hex = Convert.ToHexString(batch[n].LeafHash);
                if (existing.TryGetValue(hex, out var found))
                {
                    results[n] = (0, found.Index, found.Time);
                }
                else if (firstOrdinal.TryGetValue(hex, out var first))
                {
                    results[n] = (-first, 0, integratedTime);
                }
                else
                {
                    hashes.Add(batch[n].LeafHash);
                    bodies.Add(batch[n].Body);
                    firstOrdinal[hex] = hashes.Count;
                    foreach (var k in batch[n].SearchKeys.Distinct(StringComparer.Ordinal))
                    {
                        keys.Add(k);
                        keyOrdinals.Add(hashes.Count);
                    }

                    results[n] = (hashes.Count, 0, integratedTime);
                }
            }

            var start = 0L;
            if (hashes.Count > 0)
            {
                try
                {
                    start = await InsertAsync(conn, schema, hashes, bodies, keys, keyOrdinals, integratedTime, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName?.EndsWith("leaf_hash_key", StringComparison.Ordinal) == true)
                {
                    return null;
                }
            }

            return results.Select(r => r.Ordinal switch
            {
                > 0 => new SequencedEntry((ulong)(start + r.Ordinal - 1), Duplicate: false, r.Time),
                < 0 => new SequencedEntry((ulong)(start - r.Ordinal - 1), Duplicate: true, r.Time),
                _ => new SequencedEntry((ulong)r.Index, Duplicate: true, r.Time),
            }).ToArray();
        }
    }

    /// <summary>Advances the next index, inserts the entries and search keys and notifies, as one committed
    /// transaction in one round trip; returns the first new index.</summary>
    private static async Task<long> InsertAsync(NpgsqlConnection conn, PostgresSchema schema, List<byte[]> hashes, List<byte[]> bodies,
        List<string> keys, List<long> keyOrdinals, long integratedTime, CancellationToken cancellationToken)
    {
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
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = hashes.Count });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = integratedTime });
        insert.Parameters.Add(new NpgsqlParameter { Value = hashes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = bodies.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = keyOrdinals.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        batch.BatchCommands.Add(insert);
        // Delivered at commit: the integrating front end need not wait for its poll.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresChanges.Notify(schema)));
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

        // The reader is consumed to ReadyForQuery: the implicit transaction is committed (synchronous_commit: durable).
        return start;
    }
}
