using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Witness.Tests;

/// <summary>C2SP tlog-witness §add-checkpoint, status by status, and the state across restarts and races.</summary>
[Collection(SqlitePools.Collection)]
public sealed class TlogWitnessTests : IDisposable
{
    private readonly TestLog _log = new();
    private readonly WitnessFixture _w;

    public TlogWitnessTests() => _w = new WitnessFixture(_log);

    private INoteVerifier WitnessKey => NoteVerifierKey.ParseCosigner(_w.Witness.VerifierKey);

    [Fact]
    public void The_first_checkpoint_is_cosigned_from_size_0_with_a_timestamped_cosignature_that_verifies()
    {
        _log.Append(5);
        var response = _w.Witness.AddCheckpoint(_log.Request(0));

        var line = System.Text.Encoding.UTF8.GetString(response);
        Assert.StartsWith("\u2014 witness.example/w1 ", line, StringComparison.Ordinal);
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        var cosigned = Concat(_log.Checkpoint(), response);
        var sig = Assert.Single(new WitnessQuorum([WitnessKey], 1).Check(cosigned));
        Assert.Equal((ulong)_w.Clock.GetUtcNow().ToUnixTimeSeconds(), CosignatureV1.TimestampOf(sig));

        // The monitoring endpoint serves the checkpoint with the log's and the witness's signatures.
        var served = _w.Witness.LatestCheckpoint(_log.Witnessed.OriginHash)!;
        Assert.Single(new WitnessQuorum([WitnessKey], 1).Check(served));
        Assert.Equal(5UL, CheckpointVerifier.Verify(served, _log.Witnessed.Key).Checkpoint.Size);
    }

    [Fact]
    public void A_grown_log_is_cosigned_with_a_consistency_proof_from_the_last_cosigned_size()
    {
        _log.Append(5);
        _w.Witness.AddCheckpoint(_log.Request(0));
        _log.Append(12);
        _w.Clock.Advance(TimeSpan.FromMinutes(1));
        var response = _w.Witness.AddCheckpoint(_log.Request(5));
        var sig = Assert.Single(new WitnessQuorum([WitnessKey], 1).Check(Concat(_log.Checkpoint(), response)));
        Assert.Equal((ulong)_w.Clock.GetUtcNow().ToUnixTimeSeconds(), CosignatureV1.TimestampOf(sig));

        // The same checkpoint again (old = its size) is cosigned again.
        Assert.NotEmpty(_w.Witness.AddCheckpoint(_log.Request(17)));
    }

    [Fact]
    public void A_wrong_old_size_is_409_with_the_size_last_cosigned()
    {
        _log.Append(5);
        var first = Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(_log.Request(3)));
        Assert.Equal((WitnessRefusal.SizeMismatch, 0UL, SignetErrorKind.Conflict), (first.Refusal, first.LatestSize, first.ErrorKind));

        _w.Witness.AddCheckpoint(_log.Request(0));
        _log.Append(1);
        var e = Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(_log.Request(0)));
        Assert.Equal(5UL, e.LatestSize);
    }

    [Fact]
    public void An_unknown_origin_is_404_and_a_checkpoint_not_signed_by_the_log_is_403()
    {
        using var other = new TestLog("log.example/unknown");
        other.Append(2);
        Assert.Equal(WitnessRefusal.UnknownLog, Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(other.Request(0))).Refusal);

        _log.Append(2);
        using var stranger = SigningKey.GenerateEd25519();
        var forged = new AddCheckpointRequest(0, [], _log.Checkpoint(key: stranger)).Format();
        var e = Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(forged));
        Assert.Equal((WitnessRefusal.UnsignedCheckpoint, SignetErrorCodes.WitnessUnsignedCheckpoint), (e.Refusal, e.ErrorCode));

        // A line with the log's name and key ID whose signature does not verify is 403 too.
        var text = System.Text.Encoding.UTF8.GetString(_log.Checkpoint());
        var tampered = System.Text.Encoding.UTF8.GetBytes(text.Replace("\n2\n", "\n3\n", StringComparison.Ordinal));
        Assert.Equal(WitnessRefusal.UnsignedCheckpoint, Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(new AddCheckpointRequest(0, [], tampered).Format())).Refusal);
        Assert.Null(_w.Witness.LatestCheckpoint(_log.Witnessed.OriginHash));
    }

    [Fact]
    public void Malformed_bodies_and_an_old_size_beyond_the_checkpoint_are_400()
    {
        _log.Append(3);
        Assert.Throws<SignetFormatException>(() => _w.Witness.AddCheckpoint("old 0\n"u8));
        Assert.Throws<SignetFormatException>(() => _w.Witness.AddCheckpoint("old 0\n\nnot a note\n"u8));
        var e = Assert.Throws<SignetFormatException>(() => _w.Witness.AddCheckpoint(new AddCheckpointRequest(4, [], _log.Checkpoint()).Format()));
        Assert.Contains("exceeds the checkpoint's size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inconsistent_checkpoints_are_422_and_never_cosigned()
    {
        _log.Append(6);
        _w.Witness.AddCheckpoint(_log.Request(0));
        using var fork = _log.Fork(4);
        fork.Append(5, salt: " fork");

        // A fork that split at size 4: its own proof from 6 to 9 does not start at the root the witness cosigned at 6.
        var forkRequest = new AddCheckpointRequest(6, fork.Proof(6, 9), fork.Checkpoint()).Format();
        Assert.Equal(WitnessRefusal.InconsistentCheckpoint, Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(forkRequest)).Refusal);

        // The same size with another root.
        using var sameSize = _log.Fork(4);
        sameSize.Append(2, salt: " other");
        var e = Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(new AddCheckpointRequest(6, [], sameSize.Checkpoint()).Format()));
        Assert.Equal((WitnessRefusal.InconsistentCheckpoint, SignetErrorCodes.WitnessInconsistentCheckpoint), (e.Refusal, e.ErrorCode));

        // A proof from 0 must be empty; a size-0 checkpoint must have the empty root.
        using var fresh = new TestLog("log.example/b");
        using var w2 = new WitnessFixture(fresh);
        fresh.Append(3);
        var withProof = new AddCheckpointRequest(0, [new byte[32]], fresh.Checkpoint()).Format();
        Assert.Equal(WitnessRefusal.InconsistentCheckpoint, Assert.Throws<WitnessRefusedException>(() => w2.Witness.AddCheckpoint(withProof)).Refusal);

        // The witness still stands where it was.
        Assert.Equal(6UL, CheckpointVerifier.Verify(_w.Witness.LatestCheckpoint(_log.Witnessed.OriginHash)!, _log.Witnessed.Key).Checkpoint.Size);
        _log.Append(1);
        Assert.NotEmpty(_w.Witness.AddCheckpoint(_log.Request(6)));
    }

    [Fact]
    public void A_restarted_witness_keeps_its_key_and_its_state()
    {
        _log.Append(4);
        _w.Witness.AddCheckpoint(_log.Request(0));
        var vkey = _w.Witness.VerifierKey;

        var restarted = _w.Restart();

        Assert.Equal(vkey, restarted.VerifierKey);
        Assert.Equal(vkey + "\n", File.ReadAllText(Path.Combine(_w.Directory, Witness.WitnessKey.VerifierKeyFileName)));
        _log.Append(2);
        Assert.Equal(4UL, Assert.Throws<WitnessRefusedException>(() => restarted.AddCheckpoint(_log.Request(0))).LatestSize);
        Assert.NotEmpty(restarted.AddCheckpoint(_log.Request(4)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_w.Directory, Witness.WitnessKey.KeyFileName)));
        }

        var renamed = Assert.Throws<SignetConfigurationException>(() => Witness.WitnessKey.LoadOrCreate(_w.Directory, "witness.example/other", _w.Clock));
        Assert.Contains("cannot be renamed", renamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_requests_from_the_same_size_advance_the_witness_once()
    {
        _log.Append(3);
        _w.Witness.AddCheckpoint(_log.Request(0));

        // 16 forks of one log, each claiming a different tree grown from the cosigned size 3; two witness "processes"
        // (separate stores on the same database) take them at once.
        var forks = Enumerable.Range(0, 16).Select(i =>
        {
            var f = _log.Fork(3);
            f.Append(2 + (i % 3), salt: $" fork {i}");
            return f;
        }).ToList();
        var second = _w.Open();
        using var start = new ManualResetEventSlim();
        var tasks = forks.Select((f, i) => Task.Run(() =>
        {
            start.Wait();
            try
            {
                return (i % 2 == 0 ? _w.Witness : second).AddCheckpoint(f.Request(3)) is { Length: > 0 } ? f : null;
            }
            catch (WitnessRefusedException e) when (e.Refusal == WitnessRefusal.SizeMismatch)
            {
                return null;
            }
        })).ToArray();
        start.Set();
        var winners = (await Task.WhenAll(tasks)).Where(f => f is not null).ToList();

        var winner = Assert.Single(winners)!;
        var stored = CheckpointVerifier.Verify(_w.Witness.LatestCheckpoint(_log.Witnessed.OriginHash)!, _log.Witnessed.Key).Checkpoint;
        Assert.Equal(winner.Size, stored.Size);
        Assert.Equal(winner.Root(winner.Size), stored.RootHash);
        foreach (var f in forks)
        {
            f.Dispose();
        }
    }

    public void Dispose()
    {
        _log.Dispose();
        _w.Dispose();
    }

    private static byte[] Concat(byte[] note, byte[] lines) => [.. note, .. lines];
}
