using Microsoft.Extensions.Time.Testing;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Engine;
using Signet.Log.Storage;

namespace Signet.Log.Tests;

/// <summary>
/// Superseded partial tiles over each tile store: once a checkpoint published at least the grace ago holds a tile
/// wider, the shorter partial tiles and bundles of it leave the store, and only they; before the grace nothing goes;
/// the log still serves every older checkpoint's tiles and proofs (from the longer tile); a store never deletes
/// anything but a partial.
/// </summary>
public abstract class SupersededPartialsContract : IDisposable
{
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), "partials.test/log");

    /// <summary>A directory of this test's own (the embedded driver's database and tiles).</summary>
    protected string Scratch { get; } = Directory.CreateTempSubdirectory("signet-partials-").FullName;

    protected abstract Task<ILogDatabase> OpenStoreAsync();

    protected abstract ITileStore TilesOf(ILogDatabase store);

    private LogOptions Options(TimeSpan grace) => new()
    {
        Origin = _key.Name,
        PartialTileGrace = grace,
        CheckpointFileInterval = TimeSpan.Zero,
        IntegrationPoll = TimeSpan.FromMilliseconds(10),
        PublicationTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Appends [from, to) in rounds of <paramref name="round"/> entries, each round published before the
    /// next starts, so every round leaves partial tiles; returns every published size on the way.</summary>
    private static async Task<List<ulong>> AppendRoundsAsync(TransparencyLog log, int from, int to, int round)
    {
        var sizes = new List<ulong>();
        for (var start = from; start < to; start += round)
        {
            var results = await Task.WhenAll(Enumerable.Range(start, Math.Min(round, to - start))
                .Select(i => log.Writer.AppendAsync(TestEntries.Body(i), [TestEntries.Key(i)], default)));
            sizes.Add(results.Max(r => r.Checkpoint.Size));
        }

        return sizes.Distinct().ToList();
    }

    private static HashSet<string> PartialsOf(ulong size)
    {
        var paths = TileMath.PartialTiles(size).Select(t => t.HashTilePath).ToHashSet(StringComparer.Ordinal);
        if (TileMath.PartialWidth(0, size) is var width and > 0)
        {
            paths.Add(TilePath.EntryBundle(size >> TileMath.TileHeight, width));
        }

        return paths;
    }

    [Fact]
    public async Task After_the_grace_only_the_newest_trees_partials_remain_and_older_checkpoints_are_still_served()
    {
        await using var store = await OpenStoreAsync();
        var tiles = TilesOf(store);
        await using var log = await TransparencyLog.OpenAsync(store, tiles, _key, Options(TimeSpan.Zero), TimeProvider.System, default);
        var sizes = await AppendRoundsAsync(log, 0, 300, 23); // crosses the first full tile and bundle (256)
        var final = log.Reader.Latest;
        Assert.Equal(300UL, final.Size);

        // The sweep runs in the integrator's loop: wait for it to reach the final tree.
        var expected = PartialsOf(final.Size);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await tiles.ListPartialsAsync(default)).ToHashSet(StringComparer.Ordinal).SetEquals(expected))
        {
            Assert.True(DateTime.UtcNow < deadline, "the superseded partials were not deleted: " + string.Join(", ", await tiles.ListPartialsAsync(default)));
            await Task.Delay(20);
        }

        var oldPartial = TilePath.HashTile(0, 0, 23);
        Assert.Null(await tiles.ReadAsync(oldPartial, default)); // gone from the store
        Assert.NotNull(await tiles.ReadAsync(TilePath.HashTile(0, 0), default)); // full tiles stay

        // Every older checkpoint still gets its proofs, and its partial tiles and bundles as a prefix of the longer ones.
        var reader = log.Reader;
        var fullTile = (await reader.ReadTileAsync(TilePath.HashTile(0, 0), default))!;
        var bodies = (await reader.GetEntriesAsync(0, 300, default)).Select(e => e.Body).ToArray();
        foreach (var size in sizes)
        {
            var root = await reader.RootAtAsync(size, default);
            var index = size / 2;
            var inclusion = await reader.InclusionProofAsync(index, size, default);
            InclusionProof.Verify(index, size, Rfc6962.HashLeaf(bodies[index]), inclusion, root);
            var consistency = await reader.ConsistencyProofAsync(size, final.Size, default);
            ConsistencyProof.Verify(size, final.Size, consistency, root, final.RootHash);
            foreach (var tile in TileMath.PartialTiles(size).Where(t => t.Level == 0 && t.Index == 0))
            {
                var served = await reader.ReadTileAsync(tile.HashTilePath, default);
                Assert.Equal(fullTile.AsSpan(0, tile.Width * Rfc6962.HashSize).ToArray(), served);
                var bundle = EntryBundle.Decode((await reader.ReadTileAsync(TilePath.EntryBundle(0, tile.Width), default))!, tile.Width);
                Assert.Equal(bodies.Take(tile.Width), bundle);
            }
        }

        // A partial superseded by a longer partial (not yet by a full tile) is served from that longer one.
        var open = TileMath.PartialTiles(final.Size)[0];
        var shorter = open with { Width = open.Width - 1 };
        Assert.Null(await tiles.ReadAsync(shorter.HashTilePath, default));
        var longer = (await reader.ReadTileAsync(open.HashTilePath, default))!;
        var derived = await reader.ReadTileAsync(shorter.HashTilePath, default);
        Assert.Equal(longer.AsSpan(0, shorter.Width * Rfc6962.HashSize).ToArray(), derived);
    }

    [Fact]
    public async Task Within_the_grace_no_partial_is_deleted_and_after_it_the_superseded_ones_are()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await OpenStoreAsync();
        var tiles = TilesOf(store);
        await using var log = await TransparencyLog.OpenAsync(store, tiles, _key, Options(TimeSpan.FromMinutes(10)), clock, default);
        var sizes = await AppendRoundsAsync(log, 0, 60, 7);
        var written = sizes.SelectMany(PartialsOf).ToHashSet(StringComparer.Ordinal);
        await Task.Delay(300); // many integrator loops, each of which may sweep
        Assert.True(written.IsSubsetOf(await tiles.ListPartialsAsync(default)), "a partial was deleted within the grace");

        // Published ten minutes ago: the checkpoints before this point may now lose their superseded partials.
        clock.Advance(TimeSpan.FromMinutes(10));
        var later = await AppendRoundsAsync(log, 60, 70, 5); // newer partials, still within the grace
        var retained = sizes[^1];
        var keep = PartialsOf(retained).Concat(later.SelectMany(PartialsOf)).ToHashSet(StringComparer.Ordinal);
        var superseded = written.Except(keep).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(superseded);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await tiles.ListPartialsAsync(default)).Any(superseded.Contains))
        {
            Assert.True(DateTime.UtcNow < deadline, "the partials superseded before the grace were not deleted");
            await Task.Delay(20);
        }

        Assert.True(keep.IsSubsetOf(await tiles.ListPartialsAsync(default)), "a partial of a checkpoint within the grace was deleted");
    }

    [Theory]
    [InlineData("tile/0/000")]
    [InlineData("tile/entries/000")]
    [InlineData("checkpoint")]
    [InlineData("tile/0/000.p/0")]
    [InlineData("tile/0/../000.p/3")]
    [InlineData("extra/00")]
    public async Task A_store_deletes_nothing_but_partial_tiles(string path)
    {
        await using var store = await OpenStoreAsync();
        var tiles = TilesOf(store);
        await tiles.WriteImmutableAsync([new TileObject("tile/0/000", new byte[32 * 256]), new TileObject("tile/0/000.p/3", new byte[32 * 3])], default);
        await Assert.ThrowsAsync<ArgumentException>(() => tiles.DeletePartialsAsync(["tile/0/000.p/3", path], default));
        Assert.NotNull(await tiles.ReadAsync("tile/0/000", default));
        Assert.NotNull(await tiles.ReadAsync("tile/0/000.p/3", default)); // nothing deleted when one path is refused
        Assert.Equal(["tile/0/000.p/3"], await tiles.ListPartialsAsync(default));
        await tiles.DeletePartialsAsync(["tile/0/000.p/3", "tile/0/000.p/4"], default); // one already gone: skipped
        Assert.Empty(await tiles.ListPartialsAsync(default));
        Assert.NotNull(await tiles.ReadAsync("tile/0/000", default));
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(Scratch, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class FileSupersededPartialsTests : SupersededPartialsContract
{
    protected override async Task<ILogDatabase> OpenStoreAsync() => await Signet.Log.Sqlite.SqliteSequencer.OpenAsync(Path.Combine(Scratch, "log.db"), default);

    protected override ITileStore TilesOf(ILogDatabase store) => new FileTileStore(Path.Combine(Scratch, "tiles"));
}

[Collection("postgres")]
public sealed class PostgresSupersededPartialsTests(PostgresServer server) : SupersededPartialsContract
{
    private readonly string _cs = server.CreateDatabase();

    protected override async Task<ILogDatabase> OpenStoreAsync() => await Signet.Log.Postgres.PostgresSequencer.OpenAsync(_cs, default);

    protected override ITileStore TilesOf(ILogDatabase store) => ((Signet.Log.Postgres.PostgresSequencer)store).Tiles;
}
