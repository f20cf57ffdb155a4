using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Postgres;

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

    public void Dispose() => _key.Dispose();
}
