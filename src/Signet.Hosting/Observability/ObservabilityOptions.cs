namespace Signet.Hosting.Observability;

/// <summary>How a Signet host (<c>signet serve</c>, <c>witness serve</c>, <c>admission serve</c>) reports on itself: metrics, traces and the format of its logs.</summary>
public sealed record ObservabilityOptions
{
    /// <summary>Serve the metrics in Prometheus text format at <c>/metrics</c> (<c>--metrics</c>); off by default.</summary>
    public bool PrometheusMetrics { get; init; }

    /// <summary>The OpenTelemetry <c>service.name</c> the host reports under (<c>target_info</c> in Prometheus):
    /// <c>signet</c>, <c>signet-witness</c> or <c>signet-admission</c>.</summary>
    public string ServiceName { get; init; } = "signet";

    /// <summary>The OTLP/HTTP (protobuf) collector base URL metrics and traces are exported to (<c>--otlp-endpoint</c>):
    /// <c>v1/metrics</c> and <c>v1/traces</c> under it, as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is read; null exports nothing.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>How often metrics are exported over OTLP (<c>--otlp-interval</c>).</summary>
    public TimeSpan OtlpExportInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Write logs as one JSON object per line (<c>--log-format json</c>) instead of text.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>Whether OpenTelemetry has anything to do.</summary>
    public bool Exports => PrometheusMetrics || OtlpEndpoint is not null;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (OtlpEndpoint is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"--otlp-endpoint {url} is not an http(s) URL");
        }

        if (OtlpExportInterval < TimeSpan.FromMilliseconds(100) || OtlpExportInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException("--otlp-interval must be between 0.1 and 3600 seconds");
        }
    }

    /// <summary>Parses <c>--log-format</c>: <c>text</c> (default) or <c>json</c>.</summary>
    /// <param name="format">The value given.</param>
    /// <returns>True for JSON logs.</returns>
    public static bool IsJsonLogFormat(string format) => format switch
    {
        "text" => false,
        "json" => true,
        _ => throw new ArgumentException($"--log-format '{format}' is not text or json"),
    };
}
