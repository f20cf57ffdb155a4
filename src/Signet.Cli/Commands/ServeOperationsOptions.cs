using System.CommandLine;
using Signet.Server;
using Signet.Server.Observability;
using Signet.Server.Tls;
using Signet.Server.Witness;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet serve</c>'s (and <c>signet witness serve</c>'s) operations flags: <c>[--metrics] [--otlp-endpoint URL [--otlp-interval SECONDS]]
/// [--log-format text|json] [--tls-cert CERT.pem --tls-key KEY.pem]</c>.
/// </summary>
internal sealed class ServeOperationsOptions
{
    private readonly Option<bool> _metrics = new("--metrics") { Description = "Serve metrics in Prometheus text format at /metrics (off by default)" };
    private readonly Option<Uri?> _otlp = new("--otlp-endpoint") { Description = "Export metrics and traces over OTLP/HTTP (protobuf) to this collector base URL (v1/metrics, v1/traces under it)" };
    private readonly Option<double> _otlpInterval = new("--otlp-interval") { Description = "Seconds between OTLP metric exports", DefaultValueFactory = _ => 15 };
    private readonly Option<string> _logFormat = new("--log-format") { Description = "Log lines as text (default) or json (one JSON object per line on stdout)", DefaultValueFactory = _ => "text" };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "Serve HTTPS (HTTP/2 and HTTP/1.1) with this PEM certificate chain, server certificate first (with --tls-key; reloaded when it changes)" };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "The PEM private key of --tls-cert (reloaded when it changes)" };

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command) => command.AddOptions(_metrics, _otlp, _otlpInterval, _logFormat, _tlsCert, _tlsKey);

    /// <summary>The server options with the flags applied; <see cref="ArgumentException"/> for a bad value.</summary>
    public SignetServerOptions Apply(SignetServerOptions options, ParseResult parse)
    {
        var (observability, tls) = Read(parse);
        return options with { Observability = observability, Tls = tls };
    }

    /// <summary>The witness's options with the flags applied; <see cref="ArgumentException"/> for a bad value.</summary>
    public WitnessServerOptions Apply(WitnessServerOptions options, ParseResult parse)
    {
        var (observability, tls) = Read(parse);
        return options with { Observability = observability, Tls = tls };
    }

    private (ObservabilityOptions Observability, TlsOptions? Tls) Read(ParseResult parse)
    {
        var interval = parse.GetValue(_otlpInterval);
        var cert = parse.GetValue(_tlsCert);
        var key = parse.GetValue(_tlsKey);
        if ((cert is null) != (key is null))
        {
            throw new ArgumentException("--tls-cert and --tls-key go together");
        }

        var observability = new ObservabilityOptions
        {
            PrometheusMetrics = parse.GetValue(_metrics),
            OtlpEndpoint = parse.GetValue(_otlp),
            OtlpExportInterval = double.IsFinite(interval) && interval is >= 0.1 and <= 3600
                ? TimeSpan.FromSeconds(interval)
                : throw new ArgumentException("--otlp-interval must be between 0.1 and 3600 seconds"),
            JsonLogs = ObservabilityOptions.IsJsonLogFormat(parse.GetValue(_logFormat)!),
        };
        return (observability, cert is null ? null : new TlsOptions { CertificateFile = Path.GetFullPath(cert), KeyFile = Path.GetFullPath(key!) });
    }
}
