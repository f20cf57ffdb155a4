using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Tiles;
using Signet.Log.Engine;
using Signet.Log.Entries;
using Signet.Log.Storage;

namespace Signet.Log.Tests;

/// <summary>The log engine end to end over each storage driver: concurrent appends, proofs from tiles, duplicates,
/// restart, and consistency of every checkpoint handed out.</summary>
public abstract class TransparencyLogContract : IDisposable
{
    private readonly string _tiles = Directory.CreateTempSubdirectory("signet-tiles-").FullName;
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), "test.example/log");

    protected abstract Task<ISequencer> OpenStoreAsync();

    protected LogOptions Options => new() { Origin = _key.Name, PublicationTimeout = TimeSpan.FromSeconds(30) };

    private async Task<TransparencyLog> OpenLogAsync(ISequencer store) =>
        await TransparencyLog.OpenAsync(store, new FileTileStore(_tiles), _key, Options, TimeProvider.System, default);

    private static CanonicalEntry Entry(int i) =>
        EntryRequests.FromProposedEntry(TestEntries.HashedRekordV001(BitConverter.GetBytes(i)));

    [Fact]
    public async Task Concurrent_appends_get_distinct_indices_with_verifying_proofs_and_consistent_checkpoints()
    {
        const int n = 300; // crosses the first full tile and entry bundle (256)
        var entries = Enumerable.Range(0, n).Select(Entry).ToArray();
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var results = await Task.WhenAll(entries.Select(e => Task.Run(() => log.AppendAsync(e, default))));
        Assert.Equal(Enumerable.Range(0, n).Select(i => (ulong)i), results.Select(r => r.Index).Order());

        var final = CheckpointReader.Verify(log.Latest.Checkpoint, _key);
        Assert.Equal((ulong)n, final.Size);
        for (var i = 0; i < n; i++)
        {
            var r = results[i];
            var (size, root) = CheckpointReader.Verify(r.Checkpoint.Checkpoint, _key);
            Assert.True(size > r.Index);
            var proof = await log.InclusionProofAsync(r.Index, size, default);
            InclusionProof.Verify(r.Index, size, Rfc6962.HashLeaf(entries[i].Body), proof, root);
            var consistency = await log.ConsistencyProofAsync(size, final.Size, default);
            ConsistencyProof.Verify(size, final.Size, consistency, root, final.Root);
        }

        // Tiles and bundles hold the leaves and bodies (C2SP tlog-tiles).
        var bundle = EntryBundle.Decode((await log.ReadTileAsync(TilePath.EntryBundle(0), default))!);
        Assert.Equal(256, bundle.Count);
        var stored = await log.GetEntryAsync(5, default);
        Assert.Equal(stored!.Body, bundle[5]);
        var tile0 = (await log.ReadTileAsync(TilePath.HashTile(0, 0), default))!;
        Assert.Equal(Rfc6962.HashLeaf(bundle[5]), tile0.AsSpan(5 * 32, 32).ToArray());
        Assert.NotNull(await log.ReadTileAsync(TilePath.EntryBundle(1, n - 256), default));
        Assert.NotNull(await log.ReadTileAsync(TilePath.HashTile(1, 0, 1), default));
    }

    [Fact]
    public async Task Sequence_returns_a_committed_index_that_a_checkpoint_then_covers()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var entries = Enumerable.Range(0, 20).Select(Entry).ToArray();
        var sequenced = await Task.WhenAll(entries.Select(e => log.SequenceAsync(e, default)));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (ulong)i), sequenced.Select(s => s.Index).Order());

        // Committed by the sequencer when the call returns, whether or not a checkpoint covers it yet.
        for (var i = 0; i < entries.Length; i++)
        {
            var stored = Assert.Single(await store.ReadEntriesAsync(sequenced[i].Index, 1, default));
            Assert.Equal(entries[i].Body, stored.Body);
        }

        // The integrator was woken: a checkpoint covering every entry follows without another append.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var state = await log.WaitForSizeAsync(20, timeout.Token);
        var (size, root) = CheckpointReader.Verify(state.Checkpoint, _key);
        var proof = await log.InclusionProofAsync(sequenced[7].Index, size, default);
        InclusionProof.Verify(sequenced[7].Index, size, Rfc6962.HashLeaf(entries[7].Body), proof, root);
    }

    [Fact]
    public async Task A_duplicate_returns_the_first_index_and_appends_nothing()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var request = TestEntries.HashedRekordV001([1, 2, 3]); // ECDSA signatures are randomised: resubmit the same request
        var a = await log.AppendAsync(EntryRequests.FromProposedEntry(request), default);
        var b = await log.AppendAsync(Entry(2), default);
        var again = await log.AppendAsync(EntryRequests.FromProposedEntry(request), default);
        Assert.Equal(a.Index, again.Index);
        Assert.True(again.Duplicate);
        Assert.Equal(a.IntegratedTime, again.IntegratedTime);
        Assert.Equal(2UL, log.Latest.Size);
        Assert.Equal(1UL, b.Index);
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
                await log.AppendAsync(Entry(100 + i), default);
            }

            before = log.Latest;
        }

        await using (var log = await OpenLogAsync(store))
        {
            Assert.Equal(before.Size, log.Latest.Size);
            var r = await log.AppendAsync(Entry(200), default);
            Assert.Equal(5UL, r.Index);
            var proof = await log.ConsistencyProofAsync(before.Size, log.Latest.Size, default);
            ConsistencyProof.Verify(before.Size, log.Latest.Size, proof, before.RootHash, log.Latest.RootHash);
            Assert.Equal(before.RootHash, await log.RootAtAsync(before.Size, default));
        }
    }

    [Fact]
    public async Task Search_finds_entries_by_artifact_hash_and_key()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        var e = Entry(42);
        var r = await log.AppendAsync(e, default);
        foreach (var key in e.SearchKeys)
        {
            Assert.Contains(r.Index, await log.SearchAsync(key, 10, default));
        }

        Assert.Contains(e.SearchKeys, k => k.StartsWith("sha256:", StringComparison.Ordinal));
        Assert.Contains(SearchKeys.PublicKey(TestEntries.SharedKey.PublicKey.SpkiDer), e.SearchKeys);
    }

    [Fact]
    public async Task A_wait_for_a_size_completes_only_once_a_checkpoint_covers_it()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await OpenLogAsync(store);
        await log.AppendAsync(Entry(0), default);
        var ahead = log.WaitForSizeAsync(3, default);
        using var cancel = new CancellationTokenSource();
        var abandoned = log.WaitForSizeAsync(2, cancel.Token);
        await log.AppendAsync(Entry(1), default);
        Assert.False(ahead.IsCompleted); // size 2 is published; size 3 is not
        await abandoned; // covered by the same publication
        var never = log.WaitForSizeAsync(1000, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => never);
        await log.AppendAsync(Entry(2), default);
        var state = await ahead.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(state.Size >= 3);
        Assert.Same(log.Latest, await log.WaitForSizeAsync(1, default));
    }

    [Fact]
    public async Task Waits_beyond_the_limit_are_pushed_back()
    {
        await using var store = await OpenStoreAsync();
        await using var log = await TransparencyLog.OpenAsync(store, new FileTileStore(_tiles), _key,
            Options with { MaxWaitingWrites = 2 }, TimeProvider.System, default);
        using var cancel = new CancellationTokenSource();
        var first = log.WaitForSizeAsync(1000, cancel.Token);
        var second = log.WaitForSizeAsync(1001, cancel.Token);
        await Assert.ThrowsAsync<LogPushbackException>(() => log.WaitForSizeAsync(1002, cancel.Token).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0UL, (await log.WaitForSizeAsync(0, default)).Size); // a size already published never queues
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Fact]
    public async Task The_checkpoint_file_follows_the_published_checkpoint_at_most_an_interval_behind()
    {
        var file = Path.Combine(_tiles, "checkpoint");
        await using var store = await OpenStoreAsync();
        var log = await TransparencyLog.OpenAsync(store, new FileTileStore(_tiles), _key,
            Options with { CheckpointFileInterval = TimeSpan.FromMilliseconds(300) }, TimeProvider.System, default);
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var appended = await log.AppendAsync(Entry(round), default);
                // Within the interval (and a margin for the write itself) the file shows at least this size.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                while (FileSize(file) < appended.Index + 1)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"the checkpoint file did not reach size {appended.Index + 1}");
                    await Task.Delay(20);
                }
            }
        }
        finally
        {
            await log.DisposeAsync();
        }

        // Closing the log writes the newest state, so the file never lags a log that has stopped.
        Assert.Equal(log.Latest.Checkpoint, await File.ReadAllBytesAsync(file));
        Assert.Empty(Directory.GetFiles(_tiles, "*.tmp"));

        ulong FileSize(string path) => File.Exists(path) ? CheckpointReader.Verify(File.ReadAllBytes(path), _key).Size : 0;
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

    protected override async Task<ISequencer> OpenStoreAsync() => await Signet.Log.Sqlite.SqliteSequencer.OpenAsync(_db, default);
}

[Collection("postgres")]
public sealed class PostgresTransparencyLogTests(PostgresServer server) : TransparencyLogContract
{
    private readonly string _cs = server.CreateDatabase();

    protected override async Task<ISequencer> OpenStoreAsync() => await Signet.Log.Postgres.PostgresSequencer.OpenAsync(_cs, default);
}
