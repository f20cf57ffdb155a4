using System.Diagnostics.Metrics;
using Signet.Core.Telemetry;

namespace Signet.Witness.Telemetry;

/// <summary>
/// The witness's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <c>Signet.Witness</c>): every
/// <c>add-checkpoint</c> request by log and result, so an operator sees a log that stops being cosigned (no
/// <c>cosigned</c> for a while) and one that is refused (a split view shows as <c>inconsistent</c>). The log tag is the
/// origin of a log the witness follows, and absent otherwise: an unknown origin is the requester's text.
/// </summary>
public static class WitnessTelemetry
{
    /// <summary>The tag naming the log (its checkpoint origin).</summary>
    public const string LogTag = "signet.witness.log";

    /// <summary>The tag of the result: <c>cosigned</c>, <c>unknown_log</c>, <c>unsigned</c>, <c>size_conflict</c>,
    /// <c>inconsistent</c> or <c>malformed</c> (C2SP tlog-witness: 200, 404, 403, 409, 422, 400).</summary>
    public const string ResultTag = "signet.witness.result";

    internal static readonly TelemetrySource Source = new(typeof(WitnessTelemetry).Assembly);

    internal static readonly Counter<long> Checkpoints = Source.Meter.CreateCounter<long>(
        "signet.witness.checkpoints", "{checkpoint}", "add-checkpoint requests, by log followed and result (cosigned or why not)");

    internal static void Record(WitnessedLog? log, string result)
    {
        var resultTag = new KeyValuePair<string, object?>(ResultTag, result);
        if (log is null)
        {
            Checkpoints.Add(1, resultTag);
        }
        else
        {
            Checkpoints.Add(1, new KeyValuePair<string, object?>(LogTag, log.Origin), resultTag);
        }
    }

    internal static string ResultOf(WitnessRefusal refusal) => refusal switch
    {
        WitnessRefusal.UnknownLog => "unknown_log",
        WitnessRefusal.UnsignedCheckpoint => "unsigned",
        WitnessRefusal.SizeMismatch => "size_conflict",
        WitnessRefusal.InconsistentCheckpoint => "inconsistent",
        _ => "refused", // a refusal added later is still counted, never turned into a failure of its own
    };
}
