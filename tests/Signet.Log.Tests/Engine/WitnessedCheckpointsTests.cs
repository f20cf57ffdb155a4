using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Log.Engine;
using Signet.Log.Witnessing;
using Signet.Witness;

namespace Signet.Log.Tests.Engine;

/// <summary>
/// The log's side of witnessing without a quorum, against a real witness (<see cref="TlogWitness"/> with its SQLite
/// state) called in-process: every append is answered at once with a checkpoint covering it — no second wait behind
/// the follower, and with its own batch's checkpoint rather than a newer one — and once the log is idle the newest
/// checkpoint is served with the witness's cosignature.
/// </summary>
public sealed class WitnessedCheckpointsTests : IDisposable
{
    private const string Origin = "witnessed.test/log";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-witnessed-").FullName;
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), Origin);

    [Fact]
    public async Task Without_a_quorum_appends_are_served_at_once_and_the_newest_checkpoint_carries_the_cosignature()
    {
        await using var store = await Signet.Log.Sqlite.SqliteSequencer.OpenAsync(Path.Combine(_dir, "log.db"), default);
        var options = new LogOptions { Origin = Origin, CheckpointFileInterval = TimeSpan.Zero, IntegrationPoll = TimeSpan.FromMilliseconds(10) };
        await using var log = await TransparencyLog.OpenAsync(store, new Signet.Log.Storage.FileTileStore(Path.Combine(_dir, "tiles")), _key, options, TimeProvider.System, default);
        using var witnessStore = WitnessStore.Open(Path.Combine(_dir, "witness", "witness.db"));
        var signer = WitnessKey.LoadOrCreate(Path.Combine(_dir, "witness"), "witnessed.test/w1", TimeProvider.System);
        var witness = new TlogWitness(signer, new WitnessedLogs([new WitnessedLog(Origin, NoteVerifierKey.Parse(_key.VerifierKey))]), witnessStore);
        var logWitness = new LogWitness(new Uri("http://witness.invalid/"), NoteVerifierKey.ParseCosigner(witness.VerifierKey));
        var witnessing = new WitnessingOptions { SubmissionInterval = TimeSpan.FromMilliseconds(20) };
        await using var witnessed = new WitnessedCheckpoints(log.Publisher, log.Reader, [new WitnessConnection(logWitness, new InProcessWitness(witness))], witnessing, TimeProvider.System);

        for (var round = 0; round < 5; round++)
        {
            var appended = await Task.WhenAll(Enumerable.Range(round * 20, 20).Select(i => log.Writer.AppendAsync(TestEntries.Body(i), [TestEntries.Key(i)], default)));
            foreach (var a in appended)
            {
                // The engine published a checkpoint covering the entry before the append returned: served on the spot.
                var served = witnessed.WaitForSizeAsync(a.Index + 1, default);
                Assert.True(served.IsCompletedSuccessfully, $"the checkpoint for entry {a.Index} was not served at once");
                var checkpoint = await served;
                Assert.True(checkpoint.Size > a.Index);
                Assert.True(witnessed.Latest.Size >= checkpoint.Size);

                // The answer to a write is its own batch's checkpoint, whatever is newer by now.
                var answered = await witnessed.ServeAsync(a.Checkpoint, default);
                Assert.Equal(a.Checkpoint.Size, answered.Size);
                Assert.Equal(a.Checkpoint.RootHash, answered.RootHash);
            }
        }

        // Idle: the witness is sent the newest checkpoint, and the log then serves it with the cosignature.
        var newest = log.Reader.Latest;
        Assert.Equal(100UL, newest.Size);
        var quorum = new WitnessQuorum([logWitness.Key], 1);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (witnessed.Latest.Size != newest.Size || !Cosigned(quorum, witnessed.Latest.Checkpoint))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no cosigned checkpoint of size {newest.Size} was served (witness cosigned {witnessed.CosignedSize(logWitness.Name)})");
            await Task.Delay(20);
        }

        Assert.Equal(newest.RootHash, witnessed.Latest.RootHash);
        Assert.Single(quorum.Check((await witnessed.WaitForSizeAsync(newest.Size, default)).Checkpoint));
        Assert.Single(quorum.Check((await witnessed.ServeAsync(newest, default)).Checkpoint)); // the cosigned one, as served
        NoteOpener.Open(witnessed.Latest.Checkpoint, [NoteVerifierKey.Parse(_key.VerifierKey)]); // still the log's note
    }

    private static bool Cosigned(WitnessQuorum quorum, byte[] checkpoint)
    {
        try
        {
            return quorum.Check(checkpoint).Count > 0;
        }
        catch (NoteVerificationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The witness answered in-process: its 200 body, or its 409 as the size it knows; any other refusal is an
    /// exception, as over HTTP.</summary>
    private sealed class InProcessWitness(TlogWitness witness) : IWitnessClient
    {
        public Task<WitnessAnswer> AddCheckpointAsync(AddCheckpointRequest request, CancellationToken cancellationToken)
        {
            try
            {
                return Task.FromResult<WitnessAnswer>(new WitnessCosigned(witness.AddCheckpoint(request.Format())));
            }
            catch (WitnessRefusedException e) when (e.Refusal == WitnessRefusal.SizeMismatch)
            {
                return Task.FromResult<WitnessAnswer>(new WitnessSizeConflict(e.LatestSize));
            }
        }
    }
}
