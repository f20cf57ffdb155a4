using Signet.Ca.Issuance;
using Signet.Core.Notes;
using Signet.Hosting.Observability;
using Signet.Hosting.Tls;
using Signet.Log.Postgres;

namespace Signet.Server;

/// <summary>How <c>signet serve</c> was asked to run: built once from the command line, validated on start.</summary>
public sealed record SignetServerOptions
{
    /// <summary>Every service name <c>--services</c> accepts.</summary>
    public static readonly IReadOnlyList<string> KnownServices = ["log", "ca", "ct", "tsa", "tuf"];

    /// <summary>Root of all state: <c>log/</c>, <c>ca/</c>, <c>ct/</c>, <c>tsa/</c>, <c>tuf/</c>, <c>keys/</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Address Kestrel binds, <c>host:port</c>; port 0 picks a free port (printed on start).</summary>
    public string Listen { get; init; } = "127.0.0.1:3000";

    /// <summary>The services to run (subset of <see cref="KnownServices"/>).</summary>
    public IReadOnlySet<string> Services { get; init; } = new HashSet<string>(KnownServices, StringComparer.Ordinal);

    /// <summary>Serve the development OIDC issuer under <c>/oidc</c> (never in production).</summary>
    public bool DevOidc { get; init; }

    /// <summary>
    /// Let <see cref="DevOidc"/> run on a non-loopback <see cref="Listen"/> or <see cref="PublicUrl"/>
    /// (<c>--dev-oidc-allow-remote</c>): anyone who reaches the server then gets a certificate for any identity.
    /// </summary>
    public bool DevOidcAllowRemote { get; init; }

    /// <summary>The most connections served at once (<c>--max-connections</c>); null for what the open-file limit leaves
    /// (<see cref="Signet.Hosting.ConnectionLimit"/>). Connections beyond it are closed as they arrive.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Largest request body any endpoint accepts unless it sets its own smaller limit (Rekor v2: 4 MiB).</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The public base URL clients use (for trust material); defaults to <c>http://{Listen}</c>.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>Name of the transparency log: checkpoint origin and note key name.</summary>
    public string? LogOrigin { get; init; }

    /// <summary>Storage of the transparency log and the CA's CT log: <c>null</c> for the embedded SQLite driver and tile
    /// files under the data directory, else a PostgreSQL connection string that holds all of both logs' state (the data
    /// directory then keeps only keys and configuration, and several servers may share the database).</summary>
    public string? LogPostgresConnectionString { get; init; }

    /// <summary>Key algorithm of a CA generated on first start: <c>ecdsa-p256</c> (default) or <c>ecdsa-p384</c>.</summary>
    public string CaKeyAlgorithm { get; init; } = CaKeyStore.DefaultKeyAlgorithm;

    /// <summary>An operator's CA instead of a generated one: PEM chain, issuing certificate first, root last.</summary>
    public string? CaCertificateChainFile { get; init; }

    /// <summary>The issuing certificate's PKCS#8 private key (PEM, plain or encrypted), or a <c>pkcs11:</c> URI of a key in a token.</summary>
    public string? CaKeyFile { get; init; }

    /// <summary>The TSA's signing key (<c>--tsa-key</c>): a PEM file or a <c>pkcs11:</c> URI; null = <c>DIR/keys/tsa.key.pem</c>,
    /// made on first start. With it, the TSA's certificate chain in <c>DIR/tsa</c> is made for this key on first start.</summary>
    public string? TsaKey { get; init; }

    /// <summary>The CT log's ECDSA P-256 key (<c>--ct-key</c>: signs the SCTs the CA embeds; RFC 6962 log ID = SHA-256 of
    /// its SubjectPublicKeyInfo): a PEM file or a <c>pkcs11:</c> URI; null = <c>DIR/keys/ct.key.pem</c>, made on first start.</summary>
    public string? CtKey { get; init; }

    /// <summary>The transparency log's ECDSA P-256 key (<c>--log-key</c>: Rekor v1 log ID, signed entry timestamps, the
    /// checkpoints' co-signature): a PEM file or a <c>pkcs11:</c> URI; null = <c>DIR/keys/log-ecdsa-p256.pem</c>.</summary>
    public string? LogKey { get; init; }

    /// <summary>The Rekor v2 log's Ed25519 checkpoint key (<c>--log-checkpoint-key</c>: signs every checkpoint; its C2SP key
    /// ID is the v2 log ID): a PEM file or a <c>pkcs11:</c> URI; null = <c>DIR/keys/log-ed25519.pem</c>.</summary>
    public string? LogCheckpointKey { get; init; }

    /// <summary>The TUF repository's online (snapshot/timestamp) key (<c>--tuf-online-key</c>): a PEM file or a
    /// <c>pkcs11:</c> URI; null = the key the repository names (<c>DIR/keys/tuf-online.pem</c> for a development one).</summary>
    public string? TufOnlineKey { get; init; }

    /// <summary>A file holding the password of an encrypted <see cref="CaKeyFile"/> (one line).</summary>
    public string? CaKeyPasswordFile { get; init; }

    /// <summary>Witnesses the log submits each new checkpoint to (C2SP tlog-witness), with their verifier keys.</summary>
    public IReadOnlyList<Signet.Log.Witnessing.LogWitness> Witnesses { get; init; } = [];

    /// <summary>How the log uses its witnesses: the cosignatures a served checkpoint needs and how long it waits for them.</summary>
    public Signet.Log.Witnessing.WitnessingOptions Witnessing { get; init; } = new();

    /// <summary>Metrics, traces and the log format (<c>--metrics</c>, <c>--otlp-endpoint</c>, <c>--log-format</c>).</summary>
    public ObservabilityOptions Observability { get; init; } = new();

    /// <summary>TLS (<c>--tls-cert</c>, <c>--tls-key</c>) with HTTP/2; null serves plain HTTP/1.1.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>Keys to replace at start (<c>--rotate log|tsa|ca</c>, <see cref="Rotation.KeyRotation"/>): each gets a new
    /// key, and the old one stays in the trusted root with its validity window closed.</summary>
    public IReadOnlySet<string> Rotate { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public bool Runs(string service) => Services.Contains(service);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("--data-dir is required");
        }

        foreach (var s in Services)
        {
            if (!KnownServices.Contains(s))
            {
                throw new ArgumentException($"unknown service '{s}' (known: {string.Join(", ", KnownServices)})");
            }
        }

        if (Services.Count == 0 && !DevOidc)
        {
            throw new ArgumentException($"--services names no service (known: {string.Join(", ", KnownServices)}) and --dev-oidc is not given: nothing to serve");
        }

        if (LogOrigin is not null && !NoteKeyId.IsValidName(LogOrigin))
        {
            // The origin is the checkpoint's first line and its signature's key name (C2SP tlog-checkpoint, signed-note).
            throw new ArgumentException($"--log-origin '{LogOrigin}' cannot name a log: a checkpoint's origin is its key name, non-empty, without spaces or '+'");
        }

        if (LogPostgresConnectionString is { } connectionString)
        {
            PostgresConnectionString.Validate(connectionString, "--log-postgres");
        }

        var endpoint = ListenEndpoint.Parse(Listen);
        if (DevOidc && !DevOidcAllowRemote)
        {
            RequireLoopbackForDevOidc(endpoint);
        }

        if (PublicUrl is not null && !IsBaseUrl(PublicUrl))
        {
            throw new ArgumentException($"--public-url '{PublicUrl}' is not an absolute http(s) URL without query or fragment");
        }

        _ = CaKeyStore.CurveBitsOf(CaKeyAlgorithm);
        if ((CaCertificateChainFile is null) != (CaKeyFile is null))
        {
            throw new ArgumentException("--ca-cert and --ca-key go together");
        }

        if (CaKeyPasswordFile is not null && CaKeyFile is null)
        {
            throw new ArgumentException("--ca-key-password-file needs --ca-key");
        }

        Witnessing.Validate(Witnesses.Count);
        Signet.Hosting.ConnectionLimit.Validate(MaxConnections);
        Observability.Validate();
        Tls?.Validate();
        Rotation.KeyRotation.Validate(this);
        if (MaxRequestBodyBytes <= 0)
        {
            throw new ArgumentException("the request body limit must be positive");
        }
    }

    private static bool IsBaseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && url.Host.Length > 0 && url.Query.Length == 0 && url.Fragment.Length == 0 && url.UserInfo.Length == 0;

    // The development issuer gives any identity to whoever asks: it is only safe where only this machine can ask.
    private void RequireLoopbackForDevOidc(System.Net.IPEndPoint endpoint)
    {
        const string Risk = "--dev-oidc gives a certificate for any identity to anyone who can reach the server; "
            + "listen on 127.0.0.1, [::1] or localhost, or add --dev-oidc-allow-remote to accept that";
        if (!System.Net.IPAddress.IsLoopback(endpoint.Address))
        {
            throw new ArgumentException($"--listen {Listen} is not a loopback address: {Risk}");
        }

        if (PublicUrl is not null
            && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || !url.IsLoopback))
        {
            throw new ArgumentException($"--public-url {PublicUrl} is not a loopback URL: {Risk}");
        }
    }

    /// <summary>Path of a service's folder under the data directory (created on demand by the service).</summary>
    public string PathOf(params string[] parts) => Path.Combine([DataDirectory, .. parts]);
}
