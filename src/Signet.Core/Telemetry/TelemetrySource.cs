using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Signet.Core.Telemetry;

/// <summary>
/// A library's instruments and spans: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="ActivitySource"/>, both named after the library's assembly (<c>Signet.Ca</c>, <c>Signet.Log</c>, …: the
/// <c>Signet.*</c> names <c>signet serve</c> subscribes to) and carrying its version. Without a listener, recording
/// costs a check of <c>Enabled</c>.
/// </summary>
public sealed class TelemetrySource : IDisposable
{
    private readonly ActivitySource _activities;

    /// <summary>Creates the meter and activity source of <paramref name="library"/>.</summary>
    /// <param name="library">The library's assembly, whose name and version both carry.</param>
    public TelemetrySource(Assembly library)
    {
        ArgumentNullException.ThrowIfNull(library);
        var assembly = library.GetName();
        Name = assembly.Name!;
        var version = assembly.Version?.ToString();
        Meter = new Meter(Name, version);
        _activities = new ActivitySource(Name, version);
    }

    /// <summary>The meter and activity source name: the library's assembly name.</summary>
    public string Name { get; }

    /// <summary>The meter the library's instruments are created on.</summary>
    public Meter Meter { get; }

    /// <summary>Starts a span named <paramref name="name"/> when something listens (else null).</summary>
    /// <param name="name">The span's name (<c>ca.issue</c>, …).</param>
    public Activity? StartActivity(string name) => _activities.StartActivity(name);

    /// <summary>Disposes the meter and the activity source (a library's lives as long as the process).</summary>
    public void Dispose()
    {
        Meter.Dispose();
        _activities.Dispose();
    }
}
