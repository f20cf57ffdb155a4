using Signet.Hosting.Observability;
using Signet.Hosting.Tls;
using Signet.Witness;

namespace Signet.Server.Witness;

/// <summary>How <c>signet witness serve</c> was asked to run: built once from the command line, validated on start.</summary>
public sealed record WitnessServerOptions
{
    /// <summary>The witness's state: <c>witness.key</c> (unless <see cref="Key"/> is given), <c>witness.vkey</c>, <c>witness.db</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Address Kestrel binds, <c>host:port</c>; port 0 picks a free port.</summary>
    public string Listen { get; init; } = "127.0.0.1:3100";

    /// <summary>The witness's name: its cosignatures' key name (a schema-less URL, C2SP tlog-cosignature).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The operator's Ed25519 key (<c>--key</c>): a PKCS#8 PEM file or a <c>pkcs11:</c> URI whose key signs inside the
    /// token; null makes and keeps <c>witness.key</c> in the data directory.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>The logs it cosigns (at least one).</summary>
    public required IReadOnlyList<WitnessedLog> Logs { get; init; }

    /// <summary>Metrics, traces and log format, as for <c>signet serve</c> (<c>--metrics</c>, <c>--otlp-endpoint</c>, <c>--log-format</c>).</summary>
    public ObservabilityOptions Observability { get; init; } = new();

    /// <summary>The most connections served at once (<c>--max-connections</c>); null for what the open-file limit leaves
    /// (<see cref="Signet.Hosting.ConnectionLimit"/>). Connections beyond it are closed as they arrive.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>HTTPS with the operator's certificate (<c>--tls-cert</c>, <c>--tls-key</c>), or null for HTTP.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Signet.Hosting.ConnectionLimit.Validate(MaxConnections);
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("--data-dir is required");
        }

        if (Logs.Count == 0)
        {
            throw new ArgumentException("a witness needs at least one log (--log ORIGIN=VERIFIER_KEY or --log-list FILE)");
        }

        _ = ListenEndpoint.Parse(Listen);
        Observability.Validate();
        Tls?.Validate();
    }
}
