using Microsoft.Data.Sqlite;

namespace Signet.Witness;

/// <summary>The latest checkpoint a witness cosigned for one log: its size and root, and the note it serves (the log's
/// verified signature lines and the witness's cosignature).</summary>
/// <param name="Origin">The log's origin.</param>
/// <param name="Size">The tree size.</param>
/// <param name="RootHash">The tree's root hash.</param>
/// <param name="Note">The cosigned checkpoint note.</param>
public sealed record CosignedCheckpoint(string Origin, ulong Size, byte[] RootHash, byte[] Note);

/// <summary>
/// The witness's state in SQLite (<c>D/witness.db</c>; WAL, <c>synchronous=FULL</c>: a cosigned checkpoint is on disk
/// before the cosignature is returned). One row per log. <see cref="TryAdvance"/> is the atomic check-and-persist C2SP
/// tlog-witness requires: a conditional write that succeeds only while the row is still the state the request was
/// checked against, so two requests — threads or processes — can never both advance from the same size.
/// </summary>
public sealed class WitnessStore
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS cosigned(
            origin TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            root BLOB NOT NULL,
            note BLOB NOT NULL);
        """;

    private readonly string _connectionString;

    private WitnessStore(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    public static WitnessStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        var store = new WitnessStore(cs);
        using var connection = store.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        return store;
    }

    /// <summary>The latest checkpoint cosigned for <paramref name="origin"/>, or null when none was.</summary>
    /// <param name="origin">The log's origin.</param>
    public CosignedCheckpoint? Latest(string origin)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT size, root, note FROM cosigned WHERE origin = $o";
        command.Parameters.AddWithValue("$o", origin);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new CosignedCheckpoint(origin, (ulong)reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2))
            : null;
    }

    /// <summary>
    /// Replaces <paramref name="expected"/> (null: nothing cosigned yet) with <paramref name="next"/>, atomically and
    /// durably; false, changing nothing, when the stored state is no longer <paramref name="expected"/>.
    /// </summary>
    /// <param name="expected">The state the request was checked against.</param>
    /// <param name="next">The newly cosigned checkpoint, of the same origin.</param>
    public bool TryAdvance(CosignedCheckpoint? expected, CosignedCheckpoint next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (expected is not null && expected.Origin != next.Origin)
        {
            throw new ArgumentException("the expected and next states are of different logs", nameof(next));
        }

        using var connection = Connect();
        using var command = connection.CreateCommand();
        // C2SP tlog-witness §add-checkpoint: "checking the old size against the latest checkpoint and persisting the new
        // checkpoint must be performed atomically" — one statement that writes only over the state that was checked.
        command.CommandText = expected is null
            ? "INSERT INTO cosigned(origin, size, root, note) VALUES ($o, $s, $r, $n) ON CONFLICT(origin) DO NOTHING"
            : "UPDATE cosigned SET size = $s, root = $r, note = $n WHERE origin = $o AND size = $es AND root = $er";
        command.Parameters.AddWithValue("$o", next.Origin);
        command.Parameters.AddWithValue("$s", checked((long)next.Size));
        command.Parameters.AddWithValue("$r", next.RootHash);
        command.Parameters.AddWithValue("$n", next.Note);
        if (expected is not null)
        {
            command.Parameters.AddWithValue("$es", checked((long)expected.Size));
            command.Parameters.AddWithValue("$er", expected.RootHash);
        }

        return command.ExecuteNonQuery() == 1;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
