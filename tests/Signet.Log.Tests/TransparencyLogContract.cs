using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Engine;
using Signet.Log.Storage;

namespace Signet.Log.Tests;

/// <summary>The log engine end to end over each storage driver, through its three seams (writer, publisher, reader):
/// concurrent appends, proofs from tiles, duplicates, restart, search, and consistency of every checkpoint handed out.</summary>
public abstract class TransparencyLogContract : IDisposable
{
    private readonly string _tiles = Directory.CreateTempSubdirectory("signet-tiles-").FullName;
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), "test.example/log");

    protected abstract Task<ILogDatabase> OpenStoreAsync();

    /// <summary>The tile store used with <paramref name="store"/>: files under one directory unless a driver keeps its own.</summary>
    protected virtual ITileStore TilesOf(ILogDatabase store) => new FileTileStore(_tiles);

    protected LogOptions Options => new() { Origin = _key.Name, PublicationTimeout = TimeSpan.FromSeconds(30) };

    private async Task<TransparencyLog> OpenLogAsync(ILogDatabase store) =>
        await TransparencyLog.OpenAsync(store, TilesOf(store), _key, Options, TimeProvider.System, default);

    private static Task<AppendResult> AppendAsync(TransparencyLog log, int i) =>
        log.Writer.AppendAsync(TestEntries.Body(i), [TestEntries.Key(i)], default);

    [Fact]
    public async Task Concurrent_appends_get_distinct_indices_with_verifying_proofs_and_consistent_checkpoints()
    {
        const int n = 300; // crosses the first full tile and entry bundle (256)
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var reader = log.Reader;
        var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => Task.Run(() => AppendAsync(log, i))));
        Assert.Equal(Enumerable.Range(0, n).Select(i => (ulong)i), results.Select(r => r.Index).Order());

        var final = CheckpointReader.Verify(reader.Latest.Checkpoint, _key);
        Assert.Equal((ulong)n, final.Size);
        for (var i = 0; i < n; i++)
        {
            var r = results[i];
            var (size, root) = CheckpointReader.Verify(r.Checkpoint.Checkpoint, _key);
            Assert.True(size > r.Index);
            Assert.Equal(Rfc6962.HashLeaf(TestEntries.Body(i)), r.LeafHash);
            var proof = await reader.InclusionProofAsync(r.Index, size, default);
            InclusionProof.Verify(r.Index, size, r.LeafHash, proof, root);
            var consistency = await reader.ConsistencyProofAsync(size, final.Size, default);
            ConsistencyProof.Verify(size, final.Size, consistency, root, final.Root);
        }

        // Tiles and bundles hold the leaves and bodies (C2SP tlog-tiles).
        var bundle = EntryBundle.Decode((await reader.ReadTileAsync(TilePath.EntryBundle(0), default))!);
        Assert.Equal(256, bundle.Count);
        var stored = await reader.GetEntryAsync(5, default);
        Assert.Equal(stored!.Body, bundle[5]);
        var tile0 = (await reader.ReadTileAsync(TilePath.HashTile(0, 0), default))!;
        Assert.Equal(Rfc6962.HashLeaf(bundle[5]), tile0.AsSpan(5 * 32, 32).ToArray());
        Assert.NotNull(await reader.ReadTileAsync(TilePath.EntryBundle(1, n - 256), default));
        Assert.NotNull(await reader.ReadTileAsync(TilePath.HashTile(1, 0, 1), default));

        // The published tree implies exactly these tiles (tlog-tiles: nothing beyond the checkpoint is served).
        Assert.True(PublishedTiles.Covers(new TileId(0, 1, n - 256), final.Size));
        Assert.False(PublishedTiles.Covers(new TileId(0, 1, TileMath.TileWidth), final.Size));
        Assert.False(PublishedTiles.Covers(new TileId(1, 0, TileMath.TileWidth), final.Size));

        // A range of entries stops at the published size.
        var range = await reader.GetEntriesAsync(n - 3, 10, default);
        Assert.Equal([(ulong)n - 3, (ulong)n - 2, (ulong)n - 1], range.Select(e => e.Index));
        Assert.Empty(await reader.GetEntriesAsync(n, 10, default));
    }

    [Fact]
    public async Task Sequence_returns_a_committed_index_that_a_checkpoint_then_covers()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var entries = Enumerable.Range(0, 20).Select(TestEntries.Body).ToArray();
        var sequenced = await Task.WhenAll(entries.Select(e => log.Writer.SequenceAsync(e, [], default)));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (ulong)i), sequenced.Select(s => s.Index).Order());

        // Committed by the sequencer when the call returns, whether or not a checkpoint covers it yet.
        for (var i = 0; i < entries.Length; i++)
        {
            var stored = Assert.Single(await store.ReadEntriesAsync(sequenced[i].Index, 1, default));
            Assert.Equal(entries[i], stored.Body);
        }

        // The integrator was woken: a checkpoint covering every entry follows without another append.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var state = await log.Publisher.WaitForSizeAsync(20, timeout.Token);
        var (size, root) = CheckpointReader.Verify(state.Checkpoint, _key);
        var proof = await log.Reader.InclusionProofAsync(sequenced[7].Index, size, default);
        InclusionProof.Verify(sequenced[7].Index, size, Rfc6962.HashLeaf(entries[7]), proof, root);
    }

    [Fact]
    public async Task A_duplicate_returns_the_first_index_and_appends_nothing()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var a = await AppendAsync(log, 1);
        var b = await AppendAsync(log, 2);
        var again = await log.Writer.AppendAsync(TestEntries.Body(1), ["other-key"], default);
        Assert.Equal(a.Index, again.Index);
        Assert.True(again.Duplicate);
        Assert.Equal(a.IntegratedTime, again.IntegratedTime);
        Assert.Equal(a.LeafHash, again.LeafHash);
        Assert.Equal(2UL, log.Reader.Latest.Size);
        Assert.Equal(1UL, b.Index);
        Assert.Empty(await log.Reader.SearchAsync("other-key", 10, default)); // a duplicate indexes nothing
    }

    [Fact]
    public async Task Reopening_continues_the_same_tree()
    {
        await using var store = await OpenStoreAsync();
        IntegratedState before;
        await using (var log = await OpenLogAsync(store))
        {
            for (var i = 0; i < 5; i++)
            {
                await AppendAsync(log, 100 + i);
            }

            before = log.Reader.Latest;
        }

        await using (var log = await OpenLogAsync(store))
        {
            var reader = log.Reader;
            Assert.Equal(before.Size, reader.Latest.Size);
            var r = await AppendAsync(log, 200);
            Assert.Equal(5UL, r.Index);
            var proof = await reader.ConsistencyProofAsync(before.Size, reader.Latest.Size, default);
            ConsistencyProof.Verify(before.Size, reader.Latest.Size, proof, before.RootHash, reader.Latest.RootHash);
            Assert.Equal(before.RootHash, await reader.RootAtAsync(before.Size, default));
        }
    }

    [Fact]
    public async Task Published_entries_are_found_by_their_search_keys_and_leaf_hash()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        await AppendAsync(log, 41);
        var r = await log.Writer.AppendAsync(TestEntries.Body(42), ["pk:shared", TestEntries.Key(42)], default);
        var other = await log.Writer.AppendAsync(TestEntries.Body(43), ["pk:shared"], default);
        Assert.Equal([r.Index], await log.Reader.SearchAsync(TestEntries.Key(42), 10, default));
        Assert.Equal([r.Index, other.Index], await log.Reader.SearchAsync("pk:shared", 10, default));
        Assert.Empty(await log.Reader.SearchAsync("pk:none", 10, default));
        Assert.Equal(r.Index, await log.Reader.FindByLeafHashAsync(r.LeafHash, default));
        Assert.Null(await log.Reader.FindByLeafHashAsync(Rfc6962.HashLeaf([9, 9, 9]), default));
    }

    [Fact]
    public async Task A_read_only_front_end_follows_the_writer_and_serves_its_proofs()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        await using var otherStore = await OpenStoreAsync(); // another connection, as another host would have
        await using var follower = await ReadOnlyTransparencyLog.OpenAsync(otherStore, TilesOf(otherStore), Options, TimeProvider.System, default);
        var appended = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => AppendAsync(log, i)));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var state = await follower.Publisher.WaitForSizeAsync(40, timeout.Token);
        var (size, root) = CheckpointReader.Verify(state.Checkpoint, _key);
        Assert.Equal(log.Reader.Latest.RootHash, await follower.Reader.RootAtAsync(size, default));
        foreach (var r in appended)
        {
            var proof = await follower.Reader.InclusionProofAsync(r.Index, size, default);
            InclusionProof.Verify(r.Index, size, r.LeafHash, proof, root);
        }

        Assert.Equal(appended[7].Index, await follower.Reader.FindByLeafHashAsync(appended[7].LeafHash, default));
        Assert.Equal([appended[7].Index], await follower.Reader.SearchAsync(TestEntries.Key(7), 10, default));
        Assert.Equal(TestEntries.Body(7), (await follower.Reader.GetEntryAsync(appended[7].Index, default))!.Body);
    }

    [Fact]
    public async Task An_entry_too_large_for_an_entry_bundle_is_refused_and_the_log_goes_on()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var tooLarge = new byte[EntryBundle.MaxEntrySize + 1];
        await Assert.ThrowsAsync<SignetFormatException>(() => log.Writer.AppendAsync(tooLarge, [], default));
        await Assert.ThrowsAsync<SignetFormatException>(() => log.Writer.SequenceAsync(tooLarge, [], default));
        var largest = await log.Writer.AppendAsync(new byte[EntryBundle.MaxEntrySize], [], default);
        Assert.Equal(0UL, largest.Index);
        var bundle = EntryBundle.Decode((await log.Reader.ReadTileAsync(TilePath.EntryBundle(0, 1), default))!);
        Assert.Equal(EntryBundle.MaxEntrySize, Assert.Single(bundle).Length);
    }

    [Fact]
    public async Task A_wait_for_a_size_completes_only_once_a_checkpoint_covers_it()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var publisher = log.Publisher;
        await AppendAsync(log, 0);
        var ahead = publisher.WaitForSizeAsync(3, default);
        using var cancel = new CancellationTokenSource();
        var abandoned = publisher.WaitForSizeAsync(2, cancel.Token);
        await AppendAsync(log, 1);
        Assert.False(ahead.IsCompleted); // size 2 is published; size 3 is not
        await abandoned; // covered by the same publication
        var never = publisher.WaitForSizeAsync(1000, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => never);
        await AppendAsync(log, 2);
        var state = await ahead.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(state.Size >= 3);
        Assert.Same(publisher.Latest, await publisher.WaitForSizeAsync(1, default));
        Assert.Same(publisher.Latest, log.Reader.Latest);
    }

    [Fact]
    public async Task Waits_beyond_the_limit_are_pushed_back()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await TransparencyLog.OpenAsync(store, TilesOf(store), _key,
            Options with { MaxWaitingWrites = 2 }, TimeProvider.System, default);
        using var cancel = new CancellationTokenSource();
        var first = log.Publisher.WaitForSizeAsync(1000, cancel.Token);
        var second = log.Publisher.WaitForSizeAsync(1001, cancel.Token);
        await Assert.ThrowsAsync<LogPushbackException>(() => log.Publisher.WaitForSizeAsync(1002, cancel.Token).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0UL, (await log.Publisher.WaitForSizeAsync(0, default)).Size); // a size already published never queues
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Fact]
    public async Task The_checkpoint_object_follows_the_published_checkpoint_at_most_an_interval_behind()
    {
        await using var store = await OpenStoreAsync();
        var tiles = TilesOf(store);
        var log = await TransparencyLog.OpenAsync(store, tiles, _key,
            Options with { CheckpointFileInterval = TimeSpan.FromMilliseconds(300) }, TimeProvider.System, default);
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var appended = await AppendAsync(log, round);
                // Within the interval (and a margin for the write itself) the object shows at least this size.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                while (await StoredSizeAsync() < appended.Index + 1)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"the checkpoint object did not reach size {appended.Index + 1}");
                    await Task.Delay(20);
                }
            }
        }
        finally
        {
            await log.DisposeAsync();
        }

        // Closing the log writes the newest state, so the object never lags a log that has stopped.
        Assert.Equal(log.Reader.Latest.Checkpoint, await tiles.ReadAsync("checkpoint", default));
        Assert.Empty(Directory.GetFiles(_tiles, "*.tmp"));

        async Task<ulong> StoredSizeAsync() => await tiles.ReadAsync("checkpoint", default) is { } note ? CheckpointReader.Verify(note, _key).Size : 0;
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_tiles, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteTransparencyLogTests : TransparencyLogContract
{
    private readonly string _db = Path.Combine(Directory.CreateTempSubdirectory("signet-db-").FullName, "log.db");

    protected override async Task<ILogDatabase> OpenStoreAsync() => await Signet.Log.Sqlite.SqliteSequencer.OpenAsync(_db, default);
}

[Collection("postgres")]
public sealed class PostgresTransparencyLogTests(PostgresServer server) : TransparencyLogContract
{
    private readonly string _cs = server.CreateDatabase();

    protected override async Task<ILogDatabase> OpenStoreAsync() => await Signet.Log.Postgres.PostgresSequencer.OpenAsync(_cs, default);
}

/// <summary>All of the log's state in PostgreSQL: the same contract with the tiles, bundles and checkpoint in the
/// database (<see cref="Signet.Log.Postgres.PostgresTileStore"/>) instead of files.</summary>
[Collection("postgres")]
public sealed class PostgresTileStoreTransparencyLogTests(PostgresServer server) : TransparencyLogContract
{
    private readonly string _cs = server.CreateDatabase();

    protected override async Task<ILogDatabase> OpenStoreAsync() => await Signet.Log.Postgres.PostgresSequencer.OpenAsync(_cs, default);

    protected override ITileStore TilesOf(ILogDatabase store) => ((Signet.Log.Postgres.PostgresSequencer)store).Tiles;
}
