using System.Text;
using Npgsql;
using NpgsqlTypes;
using Signet.Core;
using Signet.Core.Notes;
using Signet.Log.Storage;

namespace Signet.Log.Postgres;

/// <summary>
/// The log's C2SP tlog-tiles objects in PostgreSQL, so that front ends on different machines serve one log. Hash tiles,
/// partial tiles and entry bundles are immutable rows keyed by their path, inserted in one committed (hence durable)
/// transaction per integration round; the integrator commits its checkpoint with compare-and-set only after that, so a
/// front end that reads a committed checkpoint always finds its tiles. The checkpoint object is one row replaced only
/// by a larger tree (C2SP tlog-checkpoint: sizes never go back), whichever front end writes it last. Partial tiles
/// and bundles are the only rows ever deleted, once superseded (<see cref="ITileStore.DeletePartialsAsync"/>).
/// </summary>
public sealed class PostgresTileStore : ITileStore
{
    /// <summary>Longest object path accepted (tlog-tiles paths are under 60 characters).</summary>
    public const int MaxPathLength = 256;

    private readonly NpgsqlDataSource _db;
    private readonly string _write;
    private readonly string _read;
    private readonly string _writeCheckpoint;
    private readonly string _readCheckpoint;
    private readonly string _listPartials;
    private readonly string _deletePartials;

    internal PostgresTileStore(NpgsqlDataSource db, PostgresSchema schema)
    {
        _db = db;
        var p = schema.Prefix;
        // Immutable: an existing path already holds the same bytes (a tile is a function of the log).
        _write = $"INSERT INTO {p}tiles(path, data) SELECT a, d FROM unnest($1, $2) AS t(a, d) ON CONFLICT (path) DO NOTHING";
        _read = $"SELECT data FROM {p}tiles WHERE path = $1";
        _writeCheckpoint = $"""
            INSERT INTO {p}checkpoint AS c (id, size, note) VALUES (1, $1, $2)
            ON CONFLICT (id) DO UPDATE SET size = excluded.size, note = excluded.note WHERE c.size < excluded.size
            """;
        _readCheckpoint = $"SELECT note FROM {p}checkpoint WHERE id = 1";
        _listPartials = $"SELECT path FROM {p}tiles WHERE {PostgresSchema.PartialTiles}";
        _deletePartials = $"DELETE FROM {p}tiles WHERE path = ANY($1) AND {PostgresSchema.PartialTiles}";
    }

    /// <inheritdoc/>
    public async Task WriteImmutableAsync(IReadOnlyList<TileObject> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count == 0)
        {
            return;
        }

        var paths = new string[objects.Count];
        var data = new byte[objects.Count][];
        for (var i = 0; i < objects.Count; i++)
        {
            paths[i] = Checked(objects[i].Path);
            data[i] = objects[i].Data.ToArray();
        }

        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            // One statement is one transaction: all of the round's objects are durable when it returns (synchronous_commit).
            await using var cmd = PostgresCommands.Command(conn, null, _write);
            cmd.Parameters.Add(new NpgsqlParameter { Value = paths, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            var isCheckpoint = path == "checkpoint";
            await using var cmd = PostgresCommands.Command(conn, null, isCheckpoint ? _readCheckpoint : _read);
            if (!isCheckpoint)
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = Checked(path), NpgsqlDbType = NpgsqlDbType.Text });
            }

            return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        }
    }

    /// <inheritdoc/>
    public async Task WriteCheckpointAsync(ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken)
    {
        var size = SizeOf(checkpoint.Span);
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = PostgresCommands.Command(conn, null, _writeCheckpoint);
            cmd.Parameters.Add(new NpgsqlParameter { Value = checked((long)size), NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = checkpoint.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea });
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListPartialsAsync(CancellationToken cancellationToken)
    {
        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = PostgresCommands.Command(conn, null, _listPartials);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var paths = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var path = reader.GetString(0);
                if (PartialTilePaths.IsPartial(path))
                {
                    paths.Add(path);
                }
            }

            return paths;
        }
    }

    /// <inheritdoc/>
    public async Task DeletePartialsAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        PartialTilePaths.CheckAllPartial(paths);
        if (paths.Count == 0)
        {
            return;
        }

        var conn = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            await using var cmd = PostgresCommands.Command(conn, null, _deletePartials);
            cmd.Parameters.Add(new NpgsqlParameter { Value = paths.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The tree size of a signed checkpoint note (C2SP signed-note: the text ends at the first blank line).</summary>
    private static ulong SizeOf(ReadOnlySpan<byte> note)
    {
        var end = note.IndexOf("\n\n"u8);
        if (end < 0)
        {
            throw new SignetFormatException("checkpoint: not a signed note (no blank line before the signatures)");
        }

        return Checkpoint.Parse(Encoding.UTF8.GetString(note[..(end + 1)])).Size;
    }

    private static string Checked(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > MaxPathLength || path == "checkpoint")
        {
            throw new ArgumentException($"'{path}' is not a tile-store object path", nameof(path));
        }

        return path;
    }
}
