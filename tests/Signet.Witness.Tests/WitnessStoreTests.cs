namespace Signet.Witness.Tests;

/// <summary>The witness's SQLite state: commits are durable in the WAL, and the background checkpoint that replaces
/// SQLite's automatic one (which ran inside a committing request) keeps the WAL bounded without losing a state.</summary>
[Collection(SqlitePools.Collection)]
public sealed class WitnessStoreTests : IDisposable
{
    private const int FrameBytes = 24 + 4096; // WAL frame header + one page (https://sqlite.org/fileformat2.html#walformat)
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-witness-store-").FullName;

    private string Db => Path.Combine(_dir, "witness.db");

    [Fact]
    public async Task Background_checkpoints_bound_the_wal_and_lose_no_cosigned_size()
    {
        const int every = 16;
        using var store = WitnessStore.Open(Db, every);
        CosignedCheckpoint? latest = null;
        long walMax = 0;
        for (ulong size = 1; size <= 100; size++)
        {
            var next = State(size);
            Assert.True(store.TryAdvance(latest, next));
            latest = next;
            walMax = Math.Max(walMax, new FileInfo(Db + "-wal").Length); // the store's pooled connections keep it
            if (size % every == 0)
            {
                // The checkpoint runs off the committing call; wait for it here so that the bound below is exact.
                await store.Checkpointing;
            }
        }

        // Without the checkpoints (wal_autocheckpoint=0) the WAL would hold all 100 commits (a frame or more each); with
        // them it restarts: at most the schema's frames and 16 commits'.
        Assert.InRange(walMax, 1, 32 + (2 * every * FrameBytes));

        // The database file alone holds the state of the last checkpoint (commit 96); the WAL holds the rest, and a
        // copy of both files as they stand (what a killed process leaves) opens at the last committed state.
        var dbOnly = Path.Combine(_dir, "db-only", "witness.db");
        var both = Path.Combine(_dir, "both", "witness.db");
        Directory.CreateDirectory(Path.GetDirectoryName(dbOnly)!);
        Directory.CreateDirectory(Path.GetDirectoryName(both)!);
        File.Copy(Db, dbOnly);
        File.Copy(Db, both);
        File.Copy(Db + "-wal", both + "-wal");
        using (var copy = WitnessStore.Open(dbOnly))
        {
            Assert.Equal(96UL, copy.Latest(Origin)!.Size);
        }

        using (var copy = WitnessStore.Open(both))
        {
            Assert.Equal(100UL, copy.Latest(Origin)!.Size);
            Assert.Equal(State(100).RootHash, copy.Latest(Origin)!.RootHash);
        }
    }

    [Fact]
    public async Task A_write_over_a_stale_state_changes_nothing()
    {
        using var store = WitnessStore.Open(Db, 1);
        Assert.True(store.TryAdvance(null, State(1)));
        await store.Checkpointing;
        Assert.False(store.TryAdvance(null, State(2)));
        Assert.False(store.TryAdvance(State(2), State(3)));
        Assert.Equal(1UL, store.Latest(Origin)!.Size);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // (a pool's last connection closing checkpoints and removes the WAL)
        Directory.Delete(_dir, recursive: true);
    }

    private const string Origin = "log.example/a";

    private static CosignedCheckpoint State(ulong size)
    {
        var root = new byte[32];
        BitConverter.TryWriteBytes(root, size);
        return new CosignedCheckpoint(Origin, size, root, System.Text.Encoding.UTF8.GetBytes($"note {size}\n"));
    }
}
