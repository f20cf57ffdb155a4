using System.Collections.Concurrent;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Log.Engine;
using Signet.Log.Sqlite;
using Signet.Log.Storage;

namespace Signet.Log.Tests.Engine;

/// <summary>
/// The integration loop when its storage fails for a while (a full disk, a directory it cannot write): each failed round
/// is reported, the pause between rounds doubles from 200 ms up to 5 s, the entry waits, and once the cause is gone
/// the next round integrates it and reports the recovery. Before, a lasting failure was retried and reported five
/// times a second.
/// </summary>
public sealed class IntegrationRetryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-retry-").FullName;
    private readonly LogKey _key = LogKey.FromKey(SigningKey.GenerateEd25519(), "retry.example/log");

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(5, 3200)]
    [InlineData(6, 5000)]
    [InlineData(1000, 5000)]
    public void The_pause_doubles_from_200_ms_up_to_5_s(int failedRounds, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), CheckpointPublisher.RetryDelay(failedRounds));

    [Fact]
    public async Task A_round_that_cannot_write_tiles_is_reported_retried_and_recovers_with_the_entry_integrated()
    {
        await using var store = await SqliteSequencer.OpenAsync(Path.Combine(_dir, "log.db"), default);
        var tiles = Path.Combine(_dir, "tiles");
        var options = new LogOptions { Origin = _key.Name, PublicationTimeout = TimeSpan.FromMinutes(1) };
        await using var log = await TransparencyLog.OpenAsync(store, new FileTileStore(tiles), _key, options, TimeProvider.System, default);
        var errors = new ConcurrentQueue<Exception>();
        var recovered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        log.BackgroundError += errors.Enqueue;
        log.BackgroundRecovered += n => recovered.TrySetResult(n);

        // A real I/O failure: "tile" is a file, so no tile can be written under it (ENOTDIR).
        var tileDirectory = Path.Combine(tiles, "tile");
        if (Directory.Exists(tileDirectory))
        {
            Directory.Delete(tileDirectory, recursive: true);
        }

        await File.WriteAllBytesAsync(tileDirectory, []);
        var append = log.Writer.AppendAsync(TestEntries.Body(1), [TestEntries.Key(1)], default);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (errors.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // Three failed rounds take at least the first two pauses (200 + 400 ms).
        Assert.True(errors.Count >= 3, $"{errors.Count} failures reported");
        Assert.All(errors, e => Assert.IsAssignableFrom<IOException>(e));
        Assert.False(append.IsCompleted);
        Assert.False(recovered.Task.IsCompleted);
        var failing = log.Integration.Failing;
        Assert.NotNull(failing);
        Assert.True(failing.Rounds >= 3, $"{failing.Rounds} rounds in the run");
        Assert.IsAssignableFrom<IOException>(failing.Last);

        File.Delete(tileDirectory);
        var result = await append.WaitAsync(TimeSpan.FromSeconds(30));
        var failedRounds = await recovered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(failedRounds >= 3, $"recovered after {failedRounds}");
        Assert.Null(log.Integration.Failing);
        var (size, root) = CheckpointReader.Verify(result.Checkpoint.Checkpoint, _key);
        var proof = await log.Reader.InclusionProofAsync(result.Index, size, default);
        InclusionProof.Verify(result.Index, size, result.LeafHash, proof, root);
    }
}
