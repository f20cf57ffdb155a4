using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Signet.Core.Telemetry;

namespace Signet.Log.Telemetry;

/// <summary>
/// The log engine's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <c>Signet.Log</c>) and spans
/// (<see cref="System.Diagnostics.ActivitySource"/> of the same name). Every measurement carries the log's origin as <c>signet.log.origin</c>
/// (one server runs the transparency log and the CA's CT log on the same engine). An exporter (OpenTelemetry in
/// <c>signet serve</c>) subscribes by name; without one, recording costs a check of <c>Enabled</c>.
/// </summary>
public static class LogTelemetry
{
    /// <summary>The tag naming the log (its checkpoint origin).</summary>
    public const string OriginTag = "signet.log.origin";

    // The logs open in this process, by origin, for the size gauge (a front end that follows reports what it publishes).
    private static readonly ConcurrentDictionary<object, Func<(string Origin, ulong Size)?>> OpenLogs = new();

    internal static readonly TelemetrySource Source = new(typeof(LogTelemetry).Assembly);

    internal static readonly Counter<long> EntriesSequenced = Source.Meter.CreateCounter<long>(
        "signet.log.entries.sequenced", "{entry}", "Entries durably sequenced (a duplicate of a logged leaf is tagged signet.log.duplicate=true)");

    internal static readonly Histogram<int> SequencingBatchSize = Source.Meter.CreateHistogram<int>(
        "signet.log.sequencing.batch.size", "{entry}", "Entries per durable sequencing transaction (group commit)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });

    internal static readonly Histogram<long> IntegrationBatchSize = Source.Meter.CreateHistogram<long>(
        "signet.log.integration.batch.size", "{entry}", "Entries integrated into the tree per committed checkpoint",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384] });

    internal static readonly Histogram<double> IntegrationLag = Source.Meter.CreateHistogram<double>(
        "signet.log.integration.lag", "s", "Time from an entry's durable sequencing to the publication of a checkpoint that covers it",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    internal static readonly Counter<long> Pushbacks = Source.Meter.CreateCounter<long>(
        "signet.log.pushbacks", "{request}", "Appends refused with pushback (HTTP 503 + Retry-After), tagged by signet.log.pushback.reason");

    internal static readonly Counter<long> WitnessResults = Source.Meter.CreateCounter<long>(
        "signet.log.witness.results", "{request}", "Checkpoint submissions to witnesses (C2SP tlog-witness), by witness and result (ok, or refused with a reason)");

    static LogTelemetry()
    {
        Source.Meter.CreateObservableGauge("signet.log.size", ObserveSizes, "{entry}", "Size of the tree of the newest published checkpoint");
    }

    internal static KeyValuePair<string, object?> Origin(string origin) => new(OriginTag, origin);

    /// <summary>Lists a log in the size gauge until <see cref="Forget"/>; <paramref name="size"/> is null until it has published.</summary>
    internal static void Track(object log, Func<(string Origin, ulong Size)?> size) => OpenLogs[log] = size;

    internal static void Forget(object log) => OpenLogs.TryRemove(log, out _);

    internal static void RecordPushback(string origin, string reason) =>
        Pushbacks.Add(1, Origin(origin), new KeyValuePair<string, object?>("signet.log.pushback.reason", reason));

    private static IEnumerable<Measurement<long>> ObserveSizes()
    {
        foreach (var size in OpenLogs.Values)
        {
            if (size() is { } s)
            {
                yield return new Measurement<long>((long)s.Size, Origin(s.Origin));
            }
        }
    }
}
