using Signet.Core.Merkle;
using Signet.Log.Storage;

namespace Signet.Log.Tests;

/// <summary>
/// The one storage test suite every <see cref="ILogDatabase"/> driver must pass (SQLite and PostgreSQL): contiguous
/// durable indices (<see cref="ISequencer"/>), de-duplication and search (<see cref="ISearchIndex"/>), compare-and-set
/// integration state and an exclusive integration lock (<see cref="IIntegrationStore"/>).
/// </summary>
public abstract class SequencerContract
{
    /// <summary>Opens the store named <paramref name="name"/>; opening the same name again reopens the same data.</summary>
    protected abstract Task<ILogDatabase> OpenAsync(string name);

    protected abstract string NewStoreName();

    [Fact]
    public async Task Indices_are_contiguous_from_zero_and_survive_reopening()
    {
        var name = NewStoreName();
        await using (var s = await OpenAsync(name))
        {
            var r1 = await s.SequenceAsync([TestEntries.Pending(0), TestEntries.Pending(1)], 100, default);
            var r2 = await s.SequenceAsync([TestEntries.Pending(2)], 101, default);
            Assert.Equal([0UL, 1UL, 2UL], r1.Concat(r2).Select(r => r.Index));
            Assert.All(r1.Concat(r2), r => Assert.False(r.Duplicate));
        }

        await using (var s = await OpenAsync(name))
        {
            Assert.Equal(3UL, await s.GetSequencedSizeAsync(default));
            var entries = await s.ReadEntriesAsync(0, 10, default);
            Assert.Equal(3, entries.Count);
            Assert.Equal(TestEntries.Pending(2).Body, entries[2].Body);
            Assert.Equal(101, entries[2].IntegratedTime);
            var next = await s.SequenceAsync([TestEntries.Pending(3)], 102, default);
            Assert.Equal(3UL, next[0].Index);
        }
    }

    [Fact]
    public async Task Duplicates_get_the_first_index_within_and_across_batches()
    {
        await using var s = await OpenAsync(NewStoreName());
        var first = await s.SequenceAsync([TestEntries.Pending(7), TestEntries.Pending(8), TestEntries.Pending(7)], 5, default);
        Assert.Equal([0UL, 1UL, 0UL], first.Select(r => r.Index));
        Assert.Equal([false, false, true], first.Select(r => r.Duplicate));
        var again = await s.SequenceAsync([TestEntries.Pending(8), TestEntries.Pending(9)], 6, default);
        Assert.Equal([1UL, 2UL], again.Select(r => r.Index));
        Assert.True(again[0].Duplicate);
        Assert.Equal(5, again[0].IntegratedTime);
        Assert.Equal(3UL, await s.GetSequencedSizeAsync(default));
        Assert.Equal(1UL, await s.FindByLeafHashAsync(TestEntries.Pending(8).LeafHash, default));
        Assert.Null(await s.FindByLeafHashAsync(Rfc6962.HashLeaf([1, 2, 3]), default));
    }

    [Fact]
    public async Task Concurrent_batches_never_share_or_skip_an_index()
    {
        await using var s = await OpenAsync(NewStoreName());
        var tasks = Enumerable.Range(0, 20).Select(b => Task.Run(() => s.SequenceAsync(
            Enumerable.Range(b * 25, 25).Select(TestEntries.Pending).ToArray(), 1, default))).ToArray();
        var all = (await Task.WhenAll(tasks)).SelectMany(r => r).Select(r => r.Index).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (ulong)i), all);
    }

    [Fact]
    public async Task Search_finds_entries_by_their_keys()
    {
        await using var s = await OpenAsync(NewStoreName());
        await s.SequenceAsync([TestEntries.Pending(1) with { SearchKeys = ["email:a@example.com", "pk:1"] }, TestEntries.Pending(2) with { SearchKeys = ["pk:1", "pk:1"] }], 1, default);
        // A duplicate leaf adds none of its keys.
        await s.SequenceAsync([TestEntries.Pending(1) with { SearchKeys = ["pk:dup"] }], 2, default);
        Assert.Empty(await s.SearchAsync("pk:dup", 10, default));
        Assert.Equal([0UL], await s.SearchAsync("email:a@example.com", 10, default));
        Assert.Equal([0UL, 1UL], await s.SearchAsync("pk:1", 10, default));
        Assert.Equal([0UL], await s.SearchAsync("pk:1", 1, default));
        Assert.Empty(await s.SearchAsync("pk:2", 10, default));
    }

    [Fact]
    public async Task Integrated_state_advances_only_by_compare_and_set()
    {
        await using var s = await OpenAsync(NewStoreName());
        Assert.Null(await s.ReadIntegratedStateAsync(default));
        var zero = new IntegratedState(0, new byte[32], [], [1]);
        Assert.True(await s.TryCommitIntegratedStateAsync(0, zero, default));
        var two = new IntegratedState(2, Enumerable.Repeat((byte)2, 32).ToArray(), [new byte[32]], [2]);
        Assert.True(await s.TryCommitIntegratedStateAsync(0, two, default));
        Assert.False(await s.TryCommitIntegratedStateAsync(0, two with { Size = 3 }, default));
        var read = await s.ReadIntegratedStateAsync(default);
        Assert.Equal(2UL, read!.Size);
        Assert.Equal(two.RootHash, read.RootHash);
        Assert.Single(read.Frontier);
        Assert.Equal([2], read.Checkpoint);
    }

    [Fact]
    public async Task The_integration_lock_is_exclusive()
    {
        await using var s = await OpenAsync(NewStoreName());
        var inner = true;
        var outer = await s.TryWithIntegrationLockAsync(async ct => inner = await s.TryWithIntegrationLockAsync(_ => Task.CompletedTask, ct), default);
        Assert.True(outer);
        Assert.False(inner);
        Assert.True(await s.TryWithIntegrationLockAsync(_ => Task.CompletedTask, default));
    }
}

public sealed class SqliteSequencerTests : SequencerContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-sqlite-").FullName;

    protected override async Task<ILogDatabase> OpenAsync(string name) =>
        await Signet.Log.Sqlite.SqliteSequencer.OpenAsync(Path.Combine(_dir, name + ".db"), default);

    protected override string NewStoreName() => Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

[Collection("postgres")]
public sealed class PostgresSequencerTests(PostgresServer server) : SequencerContract
{
    protected override async Task<ILogDatabase> OpenAsync(string name) =>
        await Signet.Log.Postgres.PostgresSequencer.OpenAsync(name, default);

    protected override string NewStoreName() => server.CreateDatabase();
}
