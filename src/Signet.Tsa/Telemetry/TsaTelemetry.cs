using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Signet.Tsa.Telemetry;

/// <summary>
/// The timestamp authority's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <see cref="Name"/>) and
/// spans (<see cref="ActivitySource"/> of the same name): RFC 3161 tokens issued, and one span per token.
/// </summary>
public static class TsaTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Signet.Tsa";

    private static readonly Meter Meter = new(Name, typeof(TsaTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(TsaTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> TimestampsIssued = Meter.CreateCounter<long>(
        "signet.tsa.timestamps.issued", "{timestamp}", "RFC 3161 time-stamp tokens issued, by policy");
}
