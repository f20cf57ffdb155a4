using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Postgres;
using Signet.Log.Storage;

namespace Signet.Log.Tests.Storage;

/// <summary>
/// The PostgreSQL tile store: immutable objects keep their first bytes, the checkpoint object only ever moves to a
/// larger tree (whichever front end writes last), bad paths are refused, and two logs in one database (the Rekor
/// log and the CT log) keep apart: their own entries, tiles and integration lock.
/// </summary>
[Collection("postgres")]
public sealed class PostgresTileStoreTests(PostgresServer server) : IDisposable
{
    private readonly string _cs = server.CreateDatabase();
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), "tiles.test/log");

    [Fact]
    public async Task An_immutable_object_keeps_its_first_bytes_and_a_missing_one_reads_as_null()
    {
        await using var db = await PostgresSequencer.OpenAsync(_cs, default);
        var tiles = db.Tiles;
        await tiles.WriteImmutableAsync([new TileObject("tile/0/000", new byte[] { 1, 2, 3 }), new TileObject("tile/entries/000.p/1", new byte[] { 4 })], default);
        await tiles.WriteImmutableAsync([new TileObject("tile/0/000", new byte[] { 9, 9 })], default); // same path again: a no-op
        Assert.Equal([1, 2, 3], await tiles.ReadAsync("tile/0/000", default));
        Assert.Equal([4], await tiles.ReadAsync("tile/entries/000.p/1", default));
        Assert.Null(await tiles.ReadAsync("tile/0/001", default));
        await tiles.WriteImmutableAsync([], default);
    }

    [Fact]
    public async Task The_checkpoint_object_never_goes_back_to_a_smaller_tree()
    {
        await using var db = await PostgresSequencer.OpenAsync(_cs, default);
        await using var other = await PostgresSequencer.OpenAsync(_cs, default); // another front end
        Assert.Null(await db.Tiles.ReadAsync("checkpoint", default));
        var five = _key.SignCheckpoint(5, Root(5));
        var three = _key.SignCheckpoint(3, Root(3));
        var seven = _key.SignCheckpoint(7, Root(7));
        await db.Tiles.WriteCheckpointAsync(five, default);
        await other.Tiles.WriteCheckpointAsync(three, default); // a slower front end's older state arrives late
        Assert.Equal(five, await other.Tiles.ReadAsync("checkpoint", default));
        await other.Tiles.WriteCheckpointAsync(seven, default);
        Assert.Equal(seven, await db.Tiles.ReadAsync("checkpoint", default));
        await Assert.ThrowsAsync<SignetFormatException>(() => db.Tiles.WriteCheckpointAsync("not a note"u8.ToArray(), default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("checkpoint")]
    public async Task A_path_that_is_not_an_object_is_refused(string path)
    {
        await using var db = await PostgresSequencer.OpenAsync(_cs, default);
        await Assert.ThrowsAsync<ArgumentException>(() => db.Tiles.WriteImmutableAsync([new TileObject(path, new byte[] { 1 })], default));
        await Assert.ThrowsAsync<ArgumentException>(() => db.Tiles.WriteImmutableAsync([new TileObject(new string('a', PostgresTileStore.MaxPathLength + 1), new byte[] { 1 })], default));
        await Assert.ThrowsAsync<ArgumentException>(() => db.Tiles.ReadAsync(new string('a', PostgresTileStore.MaxPathLength + 1), default));
    }

    [Fact]
    public async Task Two_logs_in_one_database_keep_their_entries_tiles_and_locks_apart()
    {
        await using var rekor = await PostgresSequencer.OpenAsync(_cs, default);
        await using var ct = await PostgresSequencer.OpenAsync(_cs, "ct", default);
        await rekor.SequenceAsync([TestEntries.Pending(0), TestEntries.Pending(1)], 100, default);
        var first = await ct.SequenceAsync([TestEntries.Pending(1)], 100, default);
        Assert.Equal(0UL, first[0].Index); // not a duplicate of the other log's entry
        Assert.False(first[0].Duplicate);
        Assert.Equal(2UL, await rekor.GetSequencedSizeAsync(default));
        Assert.Equal(1UL, await ct.GetSequencedSizeAsync(default));

        await rekor.Tiles.WriteImmutableAsync([new TileObject("tile/0/000.p/2", new byte[] { 1 })], default);
        Assert.Null(await ct.Tiles.ReadAsync("tile/0/000.p/2", default));

        var nested = false;
        Assert.True(await rekor.TryWithIntegrationLockAsync(async ct1 =>
            nested = await ct.TryWithIntegrationLockAsync(_ => Task.CompletedTask, ct1), default));
        Assert.True(nested); // each log has its own integrator

        await Assert.ThrowsAsync<ArgumentException>(() => PostgresSequencer.OpenAsync(_cs, "CT; DROP TABLE x", default));
        await Assert.ThrowsAsync<ArgumentException>(() => PostgresSequencer.OpenAsync(_cs, "9ct", default));
    }

    private static byte[] Root(int size) => Rfc6962.HashLeaf([(byte)size]);

    public void Dispose() => _key.Dispose();
}
