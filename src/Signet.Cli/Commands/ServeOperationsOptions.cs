using System.CommandLine;
using Signet.Hosting.Observability;
using Signet.Hosting.Tls;
using Signet.Server;
using Signet.Server.Witness;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet serve</c>'s (and <c>signet witness serve</c>'s) operations flags: the <see cref="ObservabilityFlags"/> and
/// <c>[--tls-cert CERT.pem --tls-key KEY.pem] [--max-connections N]</c>.
/// </summary>
internal sealed class ServeOperationsOptions
{
    private readonly ObservabilityFlags _observability = new();
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "Serve HTTPS (HTTP/2 and HTTP/1.1) with this PEM certificate chain, server certificate first (with --tls-key; reloaded when it changes)" };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "The PEM private key of --tls-cert (reloaded when it changes)" };
    private readonly Option<int?> _maxConnections = new("--max-connections")
    {
        Description = $"The most connections served at once; more are closed as they arrive (default: what the open-file limit leaves after {Signet.Hosting.ConnectionLimit.Reserve} descriptors for the server itself)",
    };

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        _observability.AddTo(command);
        command.AddOptions(_tlsCert, _tlsKey, _maxConnections);
    }

    /// <summary>The server options with the flags applied; <see cref="ArgumentException"/> for a bad value.</summary>
    public SignetServerOptions Apply(SignetServerOptions options, ParseResult parse)
    {
        var (observability, tls) = Read(parse);
        return options with { Observability = observability, Tls = tls, MaxConnections = parse.GetValue(_maxConnections) };
    }

    /// <summary>The witness's options with the flags applied; <see cref="ArgumentException"/> for a bad value.</summary>
    public WitnessServerOptions Apply(WitnessServerOptions options, ParseResult parse)
    {
        var (observability, tls) = Read(parse);
        return options with { Observability = observability, Tls = tls, MaxConnections = parse.GetValue(_maxConnections) };
    }


    private (ObservabilityOptions Observability, TlsOptions? Tls) Read(ParseResult parse)
    {
        var cert = parse.GetValue(_tlsCert);
        var key = parse.GetValue(_tlsKey);
        if ((cert is null) != (key is null))
        {
            throw new ArgumentException("--tls-cert and --tls-key go together");
        }

        var observability = _observability.Read(parse);
        return (observability, cert is null ? null : new TlsOptions { CertificateFile = Path.GetFullPath(cert), KeyFile = Path.GetFullPath(key!) });
    }
}
