using System.CommandLine;
using Signet.Hosting.Observability;

namespace Signet.Cli.Commands;

/// <summary>
/// The observability flags every Signet host takes (<c>serve</c>, <c>witness serve</c>, <c>admission serve</c>):
/// <c>[--metrics] [--otlp-endpoint URL [--otlp-interval SECONDS]] [--log-format text|json]</c>.
/// </summary>
internal sealed class ObservabilityFlags
{
    private readonly Option<bool> _metrics = new("--metrics") { Description = "Serve metrics in Prometheus text format at /metrics (off by default)" };
    // A string, parsed here: System.CommandLine has no converter for Uri (an Option<Uri> failed every value as an
    // internal error, exit 70).
    private readonly Option<string?> _otlp = new("--otlp-endpoint") { Description = "Export metrics and traces over OTLP/HTTP (protobuf) to this collector base URL (v1/metrics, v1/traces under it)" };
    private readonly Option<double> _otlpInterval = new("--otlp-interval") { Description = "Seconds between OTLP metric exports", DefaultValueFactory = _ => 15 };
    private readonly Option<string> _logFormat = new("--log-format") { Description = "Log lines as text (default) or json (one JSON object per line on stdout)", DefaultValueFactory = _ => "text" };

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command) => command.AddOptions(_metrics, _otlp, _otlpInterval, _logFormat);

    /// <summary>The options the flags give; <see cref="ArgumentException"/> for a bad value.</summary>
    public ObservabilityOptions Read(ParseResult parse)
    {
        var interval = parse.GetValue(_otlpInterval);
        return new ObservabilityOptions
        {
            PrometheusMetrics = parse.GetValue(_metrics),
            OtlpEndpoint = parse.GetValue(_otlp) is { } otlp
                ? Uri.TryCreate(otlp, UriKind.Absolute, out var url) ? url : throw new ArgumentException($"--otlp-endpoint '{otlp}' is not an absolute URL")
                : null,
            OtlpExportInterval = double.IsFinite(interval) && interval is >= 0.1 and <= 3600
                ? TimeSpan.FromSeconds(interval)
                : throw new ArgumentException("--otlp-interval must be between 0.1 and 3600 seconds"),
            JsonLogs = ObservabilityOptions.IsJsonLogFormat(parse.GetValue(_logFormat)!),
        };
    }
}
