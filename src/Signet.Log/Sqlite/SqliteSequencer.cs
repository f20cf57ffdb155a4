using Microsoft.Data.Sqlite;
using Signet.Log.Storage;

namespace Signet.Log.Sqlite;

/// <summary>
/// The embedded log database: one SQLite file (WAL, <c>synchronous=FULL</c>, so a committed batch is on disk before
/// its indices are acknowledged) holding the entries, the de-duplication and search indexes and the integrated
/// state. Writes take <c>BEGIN IMMEDIATE</c>, so even two processes on the same file could not hand out one index twice.
/// </summary>
public sealed class SqliteSequencer : ILogDatabase
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _integrationGate = new(1, 1);

    private SqliteSequencer(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        _writer = writer;
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    /// <param name="path">The database file; its directory is created if needed.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    public static async Task<SqliteSequencer> OpenAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        var writer = new SqliteConnection(cs);
        await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(writer, SqliteSchema.Pragmas + SqliteSchema.Tables, cancellationToken).ConfigureAwait(false);
        return new SqliteSequencer(cs, writer);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<PendingEntry> batch, long integratedTime, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            var next = (ulong)(long)(await ScalarAsync(_writer, tx, "SELECT COALESCE(MAX(idx) + 1, 0) FROM entries", cancellationToken).ConfigureAwait(false))!;
            // Statements are prepared once per batch and run synchronously (Microsoft.Data.Sqlite has no real async I/O).
            // The leaf hash is UNIQUE: an insert that changes nothing is a duplicate, found with a second look-up.
            using var insert = Command(_writer, tx, "INSERT OR IGNORE INTO entries(idx, leaf_hash, body, integrated_time) VALUES ($i, $h, $b, $t)");
            var pi = insert.Parameters.Add("$i", SqliteType.Integer);
            var ph = insert.Parameters.Add("$h", SqliteType.Blob);
            var pb = insert.Parameters.Add("$b", SqliteType.Blob);
            insert.Parameters.AddWithValue("$t", integratedTime);
            using var find = Command(_writer, tx, "SELECT idx, integrated_time FROM entries WHERE leaf_hash = $h");
            var findHash = find.Parameters.Add("$h", SqliteType.Blob);
            using var index = Command(_writer, tx, "INSERT OR IGNORE INTO search(key, idx) VALUES ($k, $i)");
            var sk = index.Parameters.Add("$k", SqliteType.Text);
            var si = index.Parameters.Add("$i", SqliteType.Integer);
            insert.Prepare();
            index.Prepare();

            var results = new SequencedEntry[batch.Count];
            for (var n = 0; n < batch.Count; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var e = batch[n];
                pi.Value = (long)next;
                ph.Value = e.LeafHash;
                pb.Value = e.Body;
                if (insert.ExecuteNonQuery() == 0)
                {
                    findHash.Value = e.LeafHash;
                    using var reader = find.ExecuteReader();
                    if (!reader.Read())
                    {
                        throw new InvalidOperationException($"index {next} is taken but not by a leaf in the log; the database is corrupt");
                    }

                    results[n] = new SequencedEntry((ulong)reader.GetInt64(0), Duplicate: true, reader.GetInt64(1));
                    continue;
                }

                foreach (var key in e.SearchKeys)
                {
                    sk.Value = key;
                    si.Value = (long)next;
                    index.ExecuteNonQuery();
                }

                results[n] = new SequencedEntry(next, Duplicate: false, integratedTime);
                next++;
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false); // synchronous=FULL: durable on return
            return results;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<ulong> GetSequencedSizeAsync(CancellationToken cancellationToken)
    {
        var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            return (ulong)(long)(await ScalarAsync(conn, null, "SELECT COALESCE(MAX(idx) + 1, 0) FROM entries", cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredEntry>> ReadEntriesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            using var cmd = Command(conn, null, "SELECT idx, body, integrated_time FROM entries WHERE idx >= $s AND idx < $e ORDER BY idx");
            cmd.Parameters.AddWithValue("$s", (long)start);
            cmd.Parameters.AddWithValue("$e", LogRows.End(start, count));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await LogRows.EntriesAsync(reader, count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<ulong?> FindByLeafHashAsync(byte[] leafHash, CancellationToken cancellationToken)
    {
        var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            using var cmd = Command(conn, null, "SELECT idx FROM entries WHERE leaf_hash = $h");
            cmd.Parameters.AddWithValue("$h", leafHash);
            var v = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return v is long l ? (ulong)l : null;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ulong>> SearchAsync(string searchKey, int limit, CancellationToken cancellationToken)
    {
        var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            using var cmd = Command(conn, null, "SELECT idx FROM search WHERE key = $k ORDER BY idx LIMIT $n");
            cmd.Parameters.AddWithValue("$k", searchKey);
            cmd.Parameters.AddWithValue("$n", limit);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await LogRows.IndicesAsync(reader, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IntegratedState?> ReadIntegratedStateAsync(CancellationToken cancellationToken)
    {
        var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            using var cmd = Command(conn, null, "SELECT size, root, frontier, checkpoint FROM integration WHERE id = 1");
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await LogRows.IntegratedStateAsync(reader, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryCommitIntegratedStateAsync(ulong expectedSize, IntegratedState next, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            var current = await ScalarAsync(_writer, tx, "SELECT size FROM integration WHERE id = 1", cancellationToken).ConfigureAwait(false);
            if ((ulong)(current is long l ? l : 0) != expectedSize)
            {
                return false;
            }

            using var cmd = Command(_writer, tx, "INSERT INTO integration(id, size, root, frontier, checkpoint) VALUES (1, $s, $r, $f, $c) " +
                "ON CONFLICT(id) DO UPDATE SET size = excluded.size, root = excluded.root, frontier = excluded.frontier, checkpoint = excluded.checkpoint");
            cmd.Parameters.AddWithValue("$s", (long)next.Size);
            cmd.Parameters.AddWithValue("$r", next.RootHash);
            cmd.Parameters.AddWithValue("$f", FrontierCodec.Encode(next.Frontier));
            cmd.Parameters.AddWithValue("$c", next.Checkpoint);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryWithIntegrationLockAsync(Func<CancellationToken, Task> integrate, CancellationToken cancellationToken)
    {
        if (!await _integrationGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await integrate(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _integrationGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _writeGate.Dispose();
        _integrationGate.Dispose();
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
        return conn;
    }

    private static SqliteCommand Command(SqliteConnection conn, SqliteTransaction? tx, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
#pragma warning disable CA2100 // SQL text is constant; values are parameters
        cmd.CommandText = sql;
#pragma warning restore CA2100
        return cmd;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection conn, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, sql);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecAsync(SqliteConnection conn, string sql, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, null, sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
