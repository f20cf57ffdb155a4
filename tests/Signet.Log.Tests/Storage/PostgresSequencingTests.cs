using Npgsql;
using Signet.Log.Postgres;

namespace Signet.Log.Tests.Storage;

/// <summary>
/// Sequencing from several front ends at once (<c>PostgresSequencing</c>): batches that overlap, sent through
/// three stores on one database so that the same leaf races between front ends, still give every leaf exactly one
/// index, no index twice or skipped, and every later occurrence the first one's index as a duplicate; a front end that
/// loses such a race falls back to the locked way and loses no entry of its batch. A role that may not make a batch
/// durable is refused when the store opens.
/// </summary>
[Collection("postgres")]
public sealed class PostgresSequencingTests(PostgresServer server)
{
    private readonly string _cs = server.CreateDatabase();

    [Fact]
    public async Task A_role_that_may_not_make_batches_durable_is_refused_when_the_store_opens()
    {
        // A sequencing batch commits asynchronously and is made durable by a synchronous transactional logical message
        // after it: a database where the role may not emit one must fail at open, never after a batch's commit.
        var role = "signet_norole_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(_cs))
        {
            await admin.OpenAsync();
            await using var setup = new NpgsqlCommand(
                $"CREATE ROLE {role} LOGIN; GRANT ALL ON SCHEMA public TO {role}; " +
                "REVOKE EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) FROM PUBLIC",
                admin);
            await setup.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(_cs) { Username = role }.ConnectionString;
        var refused = await Assert.ThrowsAsync<PostgresException>(() => PostgresSequencer.OpenAsync(cs, default));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("pg_logical_emit_message", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlapping_batches_from_three_front_ends_give_each_leaf_one_index_and_skip_none()
    {
        var stores = new PostgresSequencer[3];
        for (var i = 0; i < stores.Length; i++)
        {
            stores[i] = await PostgresSequencer.OpenAsync(_cs, default);
        }

        try
        {
            // 60 batches of 20 leaves from 0..299, each leaf in four batches, sent through the three stores at once.
            var batches = Enumerable.Range(0, 60).Select(b => Enumerable.Range(0, 20).Select(j => (b * 5 + j) % 300).ToArray()).ToArray();
            var results = await Task.WhenAll(batches.Select((leaves, b) => Task.Run(() =>
                stores[b % stores.Length].SequenceAsync(leaves.Select(TestEntries.Pending).ToArray(), 1, default))));

            var indexOf = new Dictionary<int, ulong>();
            for (var b = 0; b < batches.Length; b++)
            {
                for (var j = 0; j < batches[b].Length; j++)
                {
                    var leaf = batches[b][j];
                    if (indexOf.TryGetValue(leaf, out var first))
                    {
                        Assert.Equal(first, results[b][j].Index);
                    }
                    else
                    {
                        indexOf[leaf] = results[b][j].Index;
                    }
                }
            }

            Assert.Equal(Enumerable.Range(0, 300).Select(i => (ulong)i), indexOf.Values.Order());
            Assert.Equal(300, results.SelectMany(r => r).Count(r => !r.Duplicate));
            Assert.Equal(300UL, await stores[0].GetSequencedSizeAsync(default));
            var stored = await stores[1].ReadEntriesAsync(0, 300, default);
            foreach (var (leaf, index) in indexOf)
            {
                Assert.Equal(TestEntries.Body(leaf), stored[(int)index].Body);
                Assert.Contains(index, await stores[2].SearchAsync(TestEntries.Key(leaf), 10, default));
            }
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }
}
