using System.Diagnostics.Metrics;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Witness.Telemetry;

namespace Signet.Witness.Tests;

/// <summary><c>signet.witness.checkpoints</c>: one measurement per add-checkpoint, tagged with its result and, for a log
/// the witness follows, the log's origin.</summary>
[Collection(SqlitePools.Collection)]
public sealed class WitnessTelemetryTests : IDisposable
{
    private readonly TestLog _log = new("telemetry.example/log");
    private readonly WitnessFixture _w;
    private readonly MeterListener _listener = new();
    private readonly List<(string? Log, string? Result)> _measured = [];

    public WitnessTelemetryTests()
    {
        _w = new WitnessFixture(_log);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Signet.Witness" && instrument.Name == "signet.witness.checkpoints")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Assert.Equal(1, value);
            string? log = null, result = null;
            foreach (var tag in tags)
            {
                log = tag.Key == WitnessTelemetry.LogTag ? (string?)tag.Value : log;
                result = tag.Key == WitnessTelemetry.ResultTag ? (string?)tag.Value : result;
            }

            lock (_measured)
            {
                _measured.Add((log, result));
            }
        });
        _listener.Start();
    }

    [Fact]
    public void Each_answer_is_counted_once_with_its_result_and_only_a_followed_logs_origin()
    {
        _log.Append(3);
        _w.Witness.AddCheckpoint(_log.Request(0));
        _log.Append(2);
        Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(_log.Request(0)));
        var stranger = new TestLog("stranger.example/log");
        stranger.Append(1);
        Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(stranger.Request(0)));
        using (var otherKey = SigningKey.GenerateEd25519())
        {
            var forged = new Core.Notes.AddCheckpointRequest(3, _log.Proof(3, 5), _log.Checkpoint(key: otherKey)).Format();
            Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(forged));
        }

        var fork = _log.Fork(3);
        fork.Append(2, salt: " fork");
        Assert.Throws<WitnessRefusedException>(() => _w.Witness.AddCheckpoint(new Core.Notes.AddCheckpointRequest(3, _log.Proof(3, 5), fork.Checkpoint()).Format()));
        Assert.Throws<SignetFormatException>(() => _w.Witness.AddCheckpoint("not a request"u8));

        Assert.Equal(
            [
                ("telemetry.example/log", "cosigned"),
                ("telemetry.example/log", "size_conflict"),
                (null, "unknown_log"),
                ("telemetry.example/log", "unsigned"),
                ("telemetry.example/log", "inconsistent"),
                (null, "malformed"),
            ],
            _measured);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _w.Dispose();
    }
}
