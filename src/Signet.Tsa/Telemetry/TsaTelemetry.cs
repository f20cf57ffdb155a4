using System.Diagnostics.Metrics;
using Signet.Core.Telemetry;

namespace Signet.Tsa.Telemetry;

/// <summary>
/// The timestamp authority's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <c>Signet.Tsa</c>) and
/// spans (<see cref="System.Diagnostics.ActivitySource"/> of the same name): RFC 3161 tokens issued, and one span per token.
/// </summary>
public static class TsaTelemetry
{
    internal static readonly TelemetrySource Source = new(typeof(TsaTelemetry).Assembly);

    internal static readonly Counter<long> TimestampsIssued = Source.Meter.CreateCounter<long>(
        "signet.tsa.timestamps.issued", "{timestamp}", "RFC 3161 time-stamp tokens issued, by policy");
}
