using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Postgres;
using Signet.Log.Storage;

namespace Signet.Log.Tests.Storage;

/// <summary>
/// Front ends of one PostgreSQL log wake each other (LISTEN/NOTIFY) instead of waiting for their poll: with a poll of
/// ten minutes, a second front end still publishes the writer's checkpoints within seconds, and serves proofs from
/// the tiles in the database.
/// </summary>
[Collection("postgres")]
public sealed class PostgresChangeSignalTests(PostgresServer server) : IDisposable
{
    private readonly string _cs = server.CreateDatabase();
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), "signal.test/log");

    [Fact]
    public async Task A_follower_with_a_long_poll_publishes_the_writers_checkpoint_when_signalled()
    {
        var options = new LogOptions { Origin = _key.Name, IntegrationPoll = TimeSpan.FromMinutes(10), PublicationTimeout = TimeSpan.FromSeconds(30) };
        await using var writerStore = await PostgresSequencer.OpenAsync(_cs, default);
        await using var followerStore = await PostgresSequencer.OpenAsync(_cs, default);
        await using var writer = await TransparencyLog.OpenAsync(writerStore, writerStore.Tiles, _key, options, TimeProvider.System, default);
        await using var follower = await ReadOnlyTransparencyLog.OpenAsync(followerStore, followerStore.Tiles, options, TimeProvider.System, default);

        for (var round = 1; round <= 3; round++)
        {
            var appended = await writer.Writer.AppendAsync(TestEntries.Body(round), [TestEntries.Key(round)], default);
            var state = await follower.Publisher.WaitForSizeAsync(appended.Index + 1, default).WaitAsync(TimeSpan.FromSeconds(20));
            var (size, root) = CheckpointReader.Verify(state.Checkpoint, _key);
            var proof = await follower.Reader.InclusionProofAsync(appended.Index, size, default);
            InclusionProof.Verify(appended.Index, size, appended.LeafHash, proof, root);
        }
    }

    [Fact]
    public async Task A_listening_front_end_reads_each_state_another_commits_never_a_kept_older_one()
    {
        await using var integrator = await PostgresSequencer.OpenAsync(_cs, default);
        await using var follower = await PostgresSequencer.OpenAsync(_cs, default);
        using var stop = new CancellationTokenSource();
        using var woken = new SemaphoreSlim(0);
        var listening = Task.Run(() => follower.ListenAsync(() => woken.Release(), stop.Token));
        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(20))); // LISTEN took effect

        for (var size = 0UL; size <= 3; size++)
        {
            var state = new IntegratedState(size, Enumerable.Repeat((byte)size, 32).ToArray(), [], [(byte)size]);
            Assert.True(await integrator.TryCommitIntegratedStateAsync(size == 0 ? 0 : size - 1, state, default));
            Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(20))); // the commit's notification names a newer state
            Assert.Equal(size, (await follower.ReadIntegratedStateAsync(default))!.Size);
            Assert.Equal(size, (await integrator.ReadIntegratedStateAsync(default))!.Size);
        }

        // A commit on a stale expectation is refused and forgets what was kept: the next read finds the committed state.
        Assert.False(await follower.TryCommitIntegratedStateAsync(2, new IntegratedState(9, new byte[32], [], [9]), default));
        Assert.Equal(3UL, (await follower.ReadIntegratedStateAsync(default))!.Size);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);
    }

    [Fact]
    public async Task A_front_end_that_stops_integrating_gives_the_lock_up_although_pooled_sessions_are_not_reset()
    {
        await using var first = await PostgresSequencer.OpenAsync(_cs, default);
        await using var second = await PostgresSequencer.OpenAsync(_cs, default);
        using var stop = new CancellationTokenSource();
        Assert.True(await first.TryWithIntegrationLockAsync(_ => Task.CompletedTask, stop.Token));
        Assert.False(await second.TryWithIntegrationLockAsync(_ => Task.CompletedTask, default));

        // Stopping the first front end's loop unlocks before its connection goes back to the pool (No Reset On Close:
        // the pool would not release a session lock), so the second takes the lock over within its retry interval.
        await stop.CancelAsync();
        var taken = false;
        for (var attempt = 0; attempt < 200 && !taken; attempt++)
        {
            await Task.Delay(100);
            taken = await second.TryWithIntegrationLockAsync(_ => Task.CompletedTask, default);
        }

        Assert.True(taken);
    }

    public void Dispose() => _key.Dispose();
}
