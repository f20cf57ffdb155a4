using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Signet.Hosting.Observability;

/// <summary>
/// Wires the libraries' instruments (one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/> per library, named <c>Signet.*</c>) and ASP.NET Core's own
/// (<c>http.server.request.duration</c> by route and status, Kestrel's connections) to OpenTelemetry: the Prometheus
/// scraping endpoint (<c>--metrics</c>) and OTLP/HTTP export of metrics and traces (<c>--otlp-endpoint</c>); and the
/// JSON console log formatter (<c>--log-format json</c>).
/// </summary>
public static class ObservabilityRegistration
{
    /// <summary>The path of the Prometheus text exposition.</summary>
    public const string MetricsPath = "/metrics";

    private static readonly string[] Meters = ["Signet.*", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];
    private static readonly string[] Sources = ["Signet.*", "Microsoft.AspNetCore"];

    /// <summary>Adds the exporters <paramref name="options"/> asks for, and the log format.</summary>
    /// <param name="builder">The server being built.</param>
    /// <param name="options">What to export.</param>
    public static void AddObservability(this WebApplicationBuilder builder, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }

        if (!options.Exports)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: typeof(ObservabilityRegistration).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters);
                if (options.PrometheusMetrics)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.OtlpEndpoint is { } otlp)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Otlp(exporter, otlp, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
                    });
                }
            });
        if (options.OtlpEndpoint is { } traces)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(Sources).AddOtlpExporter(exporter => Otlp(exporter, traces, "v1/traces")));
        }
    }

    /// <summary>Maps <see cref="MetricsPath"/> when Prometheus metrics are on; nothing otherwise (the path is then 404).</summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="options">What to export.</param>
    public static void MapObservability(this IEndpointRouteBuilder endpoints, ObservabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PrometheusMetrics)
        {
            endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        }
    }

    // OTLP/HTTP: a signal's path under the base URL (OTLP specification, "OTLP/HTTP Request"), as the SDK appends it
    // to OTEL_EXPORTER_OTLP_ENDPOINT; an endpoint given in code is used as it is, so the path is added here.
    private static void Otlp(OtlpExporterOptions exporter, Uri endpoint, string signalPath)
    {
        var root = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        exporter.Endpoint = new Uri(root, signalPath);
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
    }
}
