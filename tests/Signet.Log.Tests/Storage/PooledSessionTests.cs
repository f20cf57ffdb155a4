using Npgsql;
using Signet.Log.Postgres;

namespace Signet.Log.Tests.Storage;

/// <summary>
/// Pooled connections are not reset when returned (<c>No Reset On Close</c>, <c>PostgresCommands.DataSource</c>), so
/// every use that gives its session state must undo it, also when it fails: after listening, after an integration
/// round that threw, after an integration loop that stopped, after sequencing (whose transactions commit
/// asynchronously) and after a sequencing transaction that failed midway, the next borrower of that very session (a
/// pool of one) finds no LISTEN, no advisory lock, no open transaction, no prepared statement and no changed setting.
/// </summary>
[Collection("postgres")]
public sealed class PooledSessionTests(PostgresServer server) : IAsyncLifetime
{
    private readonly PostgresSchema _schema = new("");
    private NpgsqlDataSource _db = null!;
    private int _pid;

    public async Task InitializeAsync()
    {
        var cs = server.CreateDatabase();
        await (await PostgresSequencer.OpenAsync(cs, default)).DisposeAsync(); // the tables
        _db = PostgresCommands.DataSource(cs + ";Maximum Pool Size=1");
        await using var conn = await _db.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", conn);
        _pid = (int)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task The_pool_does_not_reset_sessions()
    {
        await using (var conn = await _db.OpenConnectionAsync())
        {
            await using var set = new NpgsqlCommand("SET application_name = 'left behind'", conn);
            await set.ExecuteNonQueryAsync();
        }

        // What the undoing is for: without it, a session's state reaches the next borrower.
        await using var next = await _db.OpenConnectionAsync();
        await using var get = new NpgsqlCommand("SELECT current_setting('application_name')", next);
        Assert.Equal("left behind", await get.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Listening_that_stops_leaves_no_listen_behind()
    {
        using var stop = new CancellationTokenSource();
        using var listening = new SemaphoreSlim(0);
        var listen = Task.Run(() => PostgresChanges.ListenAsync(_db, _schema, () => listening.Release(), _ => { }, stop.Token));
        Assert.True(await listening.WaitAsync(TimeSpan.FromSeconds(20)));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);

        await AssertCleanSessionAsync();
    }

    [Fact]
    public async Task An_integration_round_that_throws_then_a_stopped_loop_leave_no_lock_behind()
    {
        using var stop = new CancellationTokenSource();
        var integrationLock = new PostgresIntegrationLock(_db, _schema.IntegrationLock);
        await using (integrationLock)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                integrationLock.TryRunAsync(_ => throw new InvalidOperationException("failed mid-integration"), stop.Token));
            Assert.True(integrationLock.MayIntegrate); // kept across a failed round: the loop goes on
            await stop.CancelAsync();
        }

        await AssertCleanSessionAsync();
    }

    [Fact]
    public async Task A_take_cancelled_while_the_lock_is_asked_for_leaves_no_lock_behind()
    {
        // Cancelled as the statement runs: the server may have granted the lock although the take failed.
        for (var delay = 0; delay < 5; delay++)
        {
            using var stop = new CancellationTokenSource();
            var integrationLock = new PostgresIntegrationLock(_db, _schema.IntegrationLock);
            await using (integrationLock)
            {
                stop.CancelAfter(delay);
                try
                {
                    await integrationLock.TryRunAsync(_ => Task.Delay(Timeout.Infinite, stop.Token), stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            await AssertCleanSessionAsync();
        }
    }

    [Fact]
    public async Task Sequencing_both_ways_leaves_no_setting_behind()
    {
        var sequenced = await PostgresSequencing.TryAppendAsync(_db, _schema, [TestEntries.Pending(1), TestEntries.Pending(2)], 1, default);
        Assert.Equal([0UL, 1UL], sequenced!.Select(e => e.Index));
        await AssertCleanSessionAsync();

        var locked = await PostgresSequencing.AppendLockedAsync(_db, _schema, [TestEntries.Pending(2), TestEntries.Pending(3)], 2, default);
        Assert.Equal([(1UL, true), (2UL, false)], locked.Select(e => (e.Index, e.Duplicate)));
        await AssertCleanSessionAsync();
    }

    [Fact]
    public async Task A_sequencing_transaction_that_fails_midway_leaves_no_transaction_behind()
    {
        await using (var conn = await _db.OpenConnectionAsync())
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {_schema.Prefix}seq_coord", conn);
            await delete.ExecuteNonQueryAsync();
        }

        // The row is locked, the leaves looked up, then the index advance finds no coordination row and throws.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PostgresSequencing.AppendLockedAsync(_db, _schema, [TestEntries.Pending(1)], 1, default));

        await AssertCleanSessionAsync();
    }

    /// <summary>The next borrower is the same session and finds nothing of the previous uses.</summary>
    private async Task AssertCleanSessionAsync()
    {
        await using var conn = await _db.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT pg_backend_pid(),
                   (SELECT count(*) FROM pg_listening_channels()),
                   (SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'),
                   pg_current_xact_id_if_assigned() IS NULL
                       AND NOT EXISTS (SELECT FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                                       WHERE l.pid = pg_backend_pid() AND c.relname LIKE 'signet%'),
                   (SELECT count(*) FROM pg_prepared_statements),
                   current_setting('synchronous_commit')
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(_pid, reader.GetInt32(0));
        Assert.Equal(0, reader.GetInt64(1)); // no LISTEN
        Assert.Equal(0, reader.GetInt64(2)); // no session advisory lock
        Assert.True(reader.GetBoolean(3)); // no transaction carried over (no transaction id, no lock on the log's tables)
        Assert.Equal(0, reader.GetInt64(4)); // no prepared statement
        Assert.Equal("on", reader.GetString(5)); // sequencing's asynchronous commit was its transaction's alone
    }
}
