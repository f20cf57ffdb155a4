using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Log.Tests.Engine;

/// <summary>
/// Tiles the store has lost are recomputed from the database's entries: proofs through them verify against the signed
/// checkpoint, and the tiles and entry bundles served are the bytes that were written. Before, a lost full tile made
/// every proof through it fail ("tile tile/0/000 of published size 600 is missing": Rekor v1 lookups answered 500) and
/// the tile was answered 404; only a lost partial tile was rebuilt, when the integrator started.
/// </summary>
public sealed class LostTilesTests : IDisposable
{
    private const int Size = 600; // two full level-0 tiles and bundles, a partial third; a partial level-1 tile of 2
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-lost-").FullName;
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), "lost.example/log");

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Tiles => Path.Combine(_dir, "tiles");

    private string Db => Path.Combine(_dir, "log.db");

    private LogOptions Options => new() { Origin = _key.Name, PublicationTimeout = TimeSpan.FromSeconds(30) };

    /// <summary>Appends <see cref="Size"/> entries, closes the log, and returns a checkpoint some append was given.</summary>
    private async Task<AppendResult> FillAsync()
    {
        await using var store = await SqliteSequencer.OpenAsync(Db, default);
        await using var log = await TransparencyLog.OpenAsync(store, new FileTileStore(Tiles), _key, Options, TimeProvider.System, default);
        var results = await Task.WhenAll(Enumerable.Range(0, Size).Select(i => Task.Run(() => log.Writer.AppendAsync(TestEntries.Body(i), [TestEntries.Key(i)], default))));
        return results.OrderBy(r => r.Index).First(r => r.Index == 10);
    }

    private byte[] Take(string path)
    {
        var file = Path.Combine(Tiles, path);
        var bytes = File.ReadAllBytes(file);
        File.Delete(file);
        return bytes;
    }

    [Fact]
    public async Task Lost_full_tiles_and_bundles_are_recomputed_for_proofs_and_reads()
    {
        var earlier = await FillAsync();
        var tile0 = Take("tile/0/000");
        var tile1 = Take("tile/0/001");
        var bundle0 = Take("tile/entries/000");

        await using var store = await SqliteSequencer.OpenAsync(Db, default);
        await using var log = await TransparencyLog.OpenAsync(store, new FileTileStore(Tiles), _key, Options, TimeProvider.System, default);
        var (size, root) = CheckpointReader.Verify(log.Reader.Latest.Checkpoint, _key);
        Assert.Equal((ulong)Size, size);

        foreach (var index in new ulong[] { 0, 5, 255, 256, 511, 599 })
        {
            var proof = await log.Reader.InclusionProofAsync(index, size, default);
            var entry = await log.Reader.GetEntryAsync(index, default);
            InclusionProof.Verify(index, size, Rfc6962.HashLeaf(entry!.Body), proof, root);
        }

        var (oldSize, oldRoot) = CheckpointReader.Verify(earlier.Checkpoint.Checkpoint, _key);
        ConsistencyProof.Verify(oldSize, size, await log.Reader.ConsistencyProofAsync(oldSize, size, default), oldRoot, root);
        Assert.Equal(tile0, await log.Reader.ReadTileAsync("tile/0/000", default));
        Assert.Equal(tile1, await log.Reader.ReadTileAsync("tile/0/001", default));
        Assert.Equal(bundle0, await log.Reader.ReadTileAsync("tile/entries/000", default));
    }

    [Fact]
    public async Task A_lost_tile_above_level_0_is_recomputed_from_the_tiles_below_and_those_from_the_entries()
    {
        await FillAsync();
        var upper = Take("tile/1/000.p/2");
        var lower = Take("tile/0/000");

        // A read-only front end: no integrator, so nothing is rebuilt at start; the reader alone recovers.
        await using var store = await SqliteSequencer.OpenAsync(Db, default);
        await using var follower = await ReadOnlyTransparencyLog.OpenAsync(store, new FileTileStore(Tiles), Options, TimeProvider.System, default);
        var (size, root) = CheckpointReader.Verify(follower.Reader.Latest.Checkpoint, _key);

        Assert.Equal(upper, await follower.Reader.ReadTileAsync("tile/1/000.p/2", default));
        Assert.Equal(lower, await follower.Reader.ReadTileAsync("tile/0/000", default));
        Assert.Equal(root, await follower.Reader.RootAtAsync(size, default));
        var proof = await follower.Reader.InclusionProofAsync(3, size, default);
        InclusionProof.Verify(3, size, Rfc6962.HashLeaf((await follower.Reader.GetEntryAsync(3, default))!.Body), proof, root);
    }

    [Fact]
    public async Task A_lost_tile_whose_entries_are_lost_too_is_an_error_not_a_wrong_tile()
    {
        await FillAsync();
        Take("tile/0/000");
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            await db.OpenAsync();
            using var command = db.CreateCommand();
            command.CommandText = "DELETE FROM entries WHERE idx = 7";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var store = await SqliteSequencer.OpenAsync(Db, default);
        await using var follower = await ReadOnlyTransparencyLog.OpenAsync(store, new FileTileStore(Tiles), Options, TimeProvider.System, default);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => follower.Reader.InclusionProofAsync(3, Size, default));
        Assert.Contains("entry 7 of the published tree", e.Message, StringComparison.Ordinal);
    }
}
