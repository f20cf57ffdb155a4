using System.Diagnostics.Metrics;
using Signet.Core.Telemetry;
using Signet.Tuf.Repository;

namespace Signet.Tuf.Telemetry;

/// <summary>
/// TUF's instruments (<see cref="System.Diagnostics.Metrics"/>, meter <c>Signet.Tuf</c>): client refreshes by result
/// (TUF specification §5.2–§5.6), and the repository's publications and online-role re-signings by role.
/// </summary>
public static class TufTelemetry
{
    internal static readonly TelemetrySource Source = new(typeof(TufTelemetry).Assembly);

    internal static readonly Counter<long> Refreshes = Source.Meter.CreateCounter<long>(
        "signet.tuf.client.refreshes", "{refresh}", "TUF client refreshes (root, timestamp, snapshot, targets), by result (ok or the error code)");

    internal static readonly Counter<long> Signings = Source.Meter.CreateCounter<long>(
        "signet.tuf.repository.signings", "{signature}", "Metadata the repository signed with its online key, by role (timestamp, snapshot)");

    internal static void RecordSigned(PublishResult result)
    {
        if (result.SnapshotRenewed)
        {
            Signings.Add(1, new KeyValuePair<string, object?>("signet.tuf.role", "snapshot"));
        }

        if (result.TimestampRenewed)
        {
            Signings.Add(1, new KeyValuePair<string, object?>("signet.tuf.role", "timestamp"));
        }
    }
}
