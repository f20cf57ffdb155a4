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
/// <remarks>
/// A commit costs one fsync, of the WAL. SQLite's automatic checkpoint would, every 1,000 WAL pages, make the
/// committing request also copy the pages into the database file and fsync both files; here it is off
/// (<c>wal_autocheckpoint=0</c>) and a PASSIVE checkpoint runs in the background after every
/// <see cref="CheckpointEvery"/> commits instead. Durability does not depend on it: a committed state is in the
/// fsync'd WAL, which SQLite replays on open; the checkpoint only bounds the WAL's size.
/// </remarks>
public sealed class WitnessStore : IDisposable
{
    /// <summary>Commits between background checkpoints (one row update is one or two WAL pages).</summary>
    public const int CheckpointEvery = 512;

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS cosigned(
            origin TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            root BLOB NOT NULL,
            note BLOB NOT NULL);
        """;

    private const int MaxCheckpointPasses = 4;
    private readonly string _connectionString;
    private readonly int _checkpointEvery;
    private readonly Lock _gate = new();
    private long _commits;
    private Task _checkpoint = Task.CompletedTask;

    private WitnessStore(string connectionString, int checkpointEvery)
    {
        _connectionString = connectionString;
        _checkpointEvery = checkpointEvery;
    }

    /// <summary>Reports a background checkpoint that failed (it is tried again after the next
    /// <see cref="CheckpointEvery"/> commits; no committed state depends on it).</summary>
    public event Action<Exception>? CheckpointFailed;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    public static WitnessStore Open(string path) => Open(path, CheckpointEvery);

    /// <summary>The background checkpoint running or last run (tests wait for it).</summary>
    internal Task Checkpointing
    {
        get
        {
            lock (_gate)
            {
                return _checkpoint;
            }
        }
    }

    internal static WitnessStore Open(string path, int checkpointEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointEvery, 1);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        var store = new WitnessStore(cs, checkpointEvery);
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

        if (command.ExecuteNonQuery() != 1)
        {
            return false;
        }

        if (Interlocked.Increment(ref _commits) % _checkpointEvery == 0)
        {
            StartCheckpoint();
        }

        return true;
    }

    /// <summary>Waits for a background checkpoint that is running.</summary>
    public void Dispose() => Checkpointing.GetAwaiter().GetResult();

    // Off the request path: the committing request has its answer already; one checkpoint at a time per store.
    private void StartCheckpoint()
    {
        lock (_gate)
        {
            if (_checkpoint.IsCompleted)
            {
                _checkpoint = Task.Run(Checkpoint);
            }
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var connection = Connect();
            using var command = connection.CreateCommand();
            // https://sqlite.org/pragma.html#pragma_wal_checkpoint: PASSIVE copies what it can without waiting for
            // readers or writers and answers (busy, frames in the WAL, frames copied). The next write restarts the
            // WAL from its beginning only once every frame is copied, so a pass overtaken by commits is run again
            // (the next pass has only those few frames to copy).
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            for (var pass = 0; pass < MaxCheckpointPasses; pass++)
            {
                using var reader = command.ExecuteReader();
                if (!reader.Read() || reader.GetInt64(0) != 0 || reader.GetInt64(1) == reader.GetInt64(2))
                {
                    return;
                }
            }
        }
        catch (SqliteException e)
        {
            CheckpointFailed?.Invoke(e);
        }
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // A commit is fsync'd before it returns (https://sqlite.org/pragma.html#pragma_synchronous); checkpoints are
        // this store's own, in the background (wal_autocheckpoint is per connection).
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
