using Signet.Ca;
using Signet.Ca.Issuance;
using Signet.Ca.Issuers;
using Signet.Ca.Tokens;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Files;
using Signet.Log.Ct;
using Signet.Log.Engine;
using Signet.Server.Oidc;

namespace Signet.Server.Ca;

/// <summary>
/// The CA and CT log of one server process. On start it loads (or, on first start, generates) the CA certificates
/// and keys under <c>DIR/ca</c> and <c>DIR/keys</c> (0600) and the CT log key (or opens the operator's,
/// <c>--ct-key</c>), and opens the CT log: its own instance
/// of the log engine under <c>DIR/ct</c> (<c>ct.db</c>, <c>tiles/</c>, checkpoints signed with
/// <c>DIR/keys/ct-checkpoint/log-ed25519.pem</c>) with each entry's chain in <c>DIR/ct/extra</c>.
/// The token verifier is built on first use, once the public base URL (and so the development issuer's URL) is known.
/// Issuers come from <c>DIR/ca/issuers.json</c> (Fulcio's JSON shape) plus, with <c>--dev-oidc</c>, the development issuer.
/// </summary>
public sealed partial class CaRuntime : IHostedService, IAsyncDisposable, Health.IReadinessCheck
{
    public const string IssuersFile = "issuers.json";
    public const string CtKeyFile = "ct.key.pem";

    private readonly SignetServerOptions _options;
    private readonly TimeProvider _time;
    private readonly PublicBaseUrl _baseUrl;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10), MaxResponseContentBufferSize = 1 << 20 };
    private readonly Lock _gate = new();
    private SigningCertificateService? _service;
    private CaMaterial? _material;
    private CtLog? _ct;
    private LogKey? _ctCheckpointKey;
    private LogInstance? _ctLog;
    private Trust.KeyWindowGate? _ctGate;
    private Signet.Core.Certificates.IssuingChainValidity? _chainValidity;
    private int _disposed;

    public CaRuntime(SignetServerOptions options, TimeProvider time, PublicBaseUrl baseUrl, ILogger<CaRuntime> logger)
    {
        _options = options;
        _time = time;
        _baseUrl = baseUrl;
        _logger = logger;
    }

    public CaMaterial Material => _material ?? throw new InvalidOperationException("the CA has not started");

    public CtLog Ct => _ct ?? throw new InvalidOperationException("the CT log has not started");

    public SigningCertificateService Service
    {
        get
        {
            if (_service is { } s)
            {
                return s;
            }

            lock (_gate)
            {
                if (_service is null)
                {
                    var verifier = new IdentityTokenVerifier(LoadIssuers(), _http, _time);
                    _service = new SigningCertificateService(verifier, new SigningCertificateIssuer(Material.IssuingKey, Material.ChainAboveIssuer, Ct, _time));
                }

                return _service;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _material = LoadMaterial();
        var ctKey = _options.CtKey is { } ctKeyReference
            ? OperatorCtKey(ctKeyReference)
            : await CtLogKey.LoadOrCreateAsync(_options.PathOf("keys", CtKeyFile), cancellationToken).ConfigureAwait(false);
        var dir = _options.PathOf("ct");
        var origin = (_options.PublicUrl is { } u && Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.Authority : "signet") + "/ct";
        _ctCheckpointKey = LogKey.LoadOrCreate(_options.PathOf("keys", "ct-checkpoint"), origin);
        if (_options.LogPostgresConnectionString is { } postgres)
        {
            await MoveEmbeddedCtLogAsync(dir, postgres, cancellationToken).ConfigureAwait(false);
        }

        _ctLog = await LogInstance.OpenAsync(dir, "ct", _options.LogPostgresConnectionString, _ctCheckpointKey, new LogOptions { Origin = origin }, _time, _logger, cancellationToken).ConfigureAwait(false);
        // A shared CT log keeps the chains in its database too, so every front end answers get-entries.
        IExtraDataStore extraData = _ctLog.IsShared ? new TileStoreExtraData(_ctLog.Tiles) : new ExtraDataStore(Path.Combine(dir, "extra"));
        // SCTs are made while the CT key's window in the trusted root is open at the server's clock.
        // And while its integration keeps failing, no SCT is promised (RFC 6962 §3: integrated within the MMD).
        var ctWriter = new Health.IntegrationGate(_ctLog.Log.Writer, _ctLog.Log.Integration, "the CT log", _options.DataDirectory, _time);
        _ctGate = new Trust.KeyWindowGate(ctWriter, "the CT log's key", Trust.LogKeyWindows.Load(_options).CtStartOf(_options, ctKey.LogId), _time);
        _ct = new CtLog(ctKey, _ctGate, _ctLog.Log.Reader, extraData, [_material.Root], _time);
        // The window SigningCertificateIssuer checks before each certificate (made on first use, with the issuers).
        _chainValidity = new Signet.Core.Certificates.IssuingChainValidity("the CA's certificate chain", [_material.IssuingKey.Certificate, .. _material.ChainAboveIssuer]);
    }

    /// <summary>
    /// Not ready while the CT log's integration has failed past <see cref="Health.Readiness.IntegrationFailureThreshold"/>,
    /// while the CT key's window has not opened (SCTs are refused, so certificates are too), or while the CA's chain is
    /// not valid for a certificate issued now (the CA answers 503). The CT log's lines are named <c>ct</c> when that
    /// service runs, else <c>ca</c> (whose certificates need its SCTs).
    /// </summary>
    IEnumerable<string> Health.IReadinessCheck.NotReady(DateTimeOffset now)
    {
        var ct = _options.Runs("ct") ? "ct" : "ca";
        if (_ctLog is not { } log || _ctGate is not { } gate || _chainValidity is not { } chain)
        {
            yield return $"{ct}: not open";
            yield break;
        }

        if (Health.Readiness.OfIntegration(ct, log.Log.Integration, now, _options.DataDirectory) is { } failing)
        {
            yield return failing;
        }

        if (gate.Problem(now) is { } window)
        {
            yield return $"{ct}: {window}";
        }

        if (_options.Runs("ca") && chain.Problem(now, now + SigningCertificateIssuer.Validity) is { } problem)
        {
            yield return $"ca: cannot sign now: {problem}";
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An embedded CT log left by an earlier version moves into PostgreSQL before the shared one opens
    /// (<see cref="EmbeddedCtLogMove"/>), with a line when it starts, about every tenth of the way, and when done.</summary>
    private async Task MoveEmbeddedCtLogAsync(string dir, string postgres, CancellationToken cancellationToken)
    {
        var database = Path.Combine(dir, "ct.db");
        ulong? told = null;
        var moved = await EmbeddedCtLogMove.MoveAsync(dir, postgres, "ct", (done, total) =>
        {
            if (told is null)
            {
                CtLogMoving(_logger, total - done, database);
                told = done;
            }
            else if (done == total || done - told >= Math.Max(total / 10, 1000))
            {
                told = done;
                CtLogMoved(_logger, done, total);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (moved > 0)
        {
            CtLogRetired(_logger, database, database + EmbeddedCtLogMove.MovedSuffix);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CT log: moving {Count} entries from {Database}, where an earlier version kept them, into PostgreSQL (same indices, leaves and chains)")]
    private static partial void CtLogMoving(ILogger logger, ulong count, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CT log: {Done} of {Total} entries in PostgreSQL")]
    private static partial void CtLogMoved(ILogger logger, ulong done, ulong total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CT log: {Database} is now {Retired}; the CT log is served from PostgreSQL")]
    private static partial void CtLogRetired(ILogger logger, string database, string retired);

    /// <summary>An operator's CT log key (<c>--ct-key</c>: a PEM file or a key in a PKCS#11 token), its public key kept in
    /// <c>DIR/keys/ct.key.pem.pub</c> (<see cref="ServerKeys.RecordPublicKey"/>).</summary>
    private CtLogKey OperatorCtKey(string reference)
    {
        var key = ServerKeys.OpenEcdsa(reference, "--ct-key");
        CtLogKey ctKey;
        try
        {
            ctKey = new CtLogKey(key);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new SignetConfigurationException($"--ct-key: {e.Message}", e);
        }

        ServerKeys.RecordPublicKey(_options, CtKeyFile, Pem.Encode(PemLabels.PublicKey, ctKey.PublicKeySpki));
        return ctKey;
    }

    /// <summary>The operator's CA (<c>--ca-cert</c> with <c>--ca-key</c>: a PEM key file or a key in a PKCS#11 token), else
    /// the one under the data directory, generated on first start.</summary>
    private CaMaterial LoadMaterial()
    {
        if (_options.CaCertificateChainFile is not { } chainFile || _options.CaKeyFile is not { } keyRef)
        {
            return CaKeyStore.LoadOrCreate(_options.PathOf("ca"), _options.PathOf("keys"), _time, curveBits: CaKeyStore.CurveBitsOf(_options.CaKeyAlgorithm));
        }

        var chainPem = OperatorFile(chainFile, "--ca-cert");
        if (ServerKeys.InToken(keyRef))
        {
            return CaPemFiles.Load(chainPem, ServerKeys.OpenEcdsa(keyRef, "--ca-key"));
        }

        return CaPemFiles.Load(
            chainPem,
            OperatorFile(keyRef, "--ca-key"),
            _options.CaKeyPasswordFile is { } pw ? OperatorFile(pw, "--ca-key-password-file").TrimEnd('\r', '\n') : null);
    }

    // A PEM chain, key or password the operator names: a few KB (64 KiB at most, as ServerKeys reads keys).
    private static string OperatorFile(string path, string option)
    {
        try
        {
            return BoundedFile.ReadText(path, ServerKeys.MaxKeyFileBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignetConfigurationException($"{option}: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as a singleton and as a hosted service: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _http.Dispose();
        if (_ctLog is not null)
        {
            await _ctLog.DisposeAsync().ConfigureAwait(false);
        }

        _ctCheckpointKey?.Dispose();
        _ct?.Key.Dispose();
        _material?.IssuingKey.Dispose();
    }

    private IssuerConfiguration LoadIssuers()
    {
        var path = _options.PathOf("ca", IssuersFile);
        var configured = File.Exists(path) ? IssuerConfigurationFile.Parse(File.ReadAllBytes(path)) : new IssuerConfiguration([]);
        var issuers = configured.Issuers.ToList();
        if (_options.DevOidc)
        {
            issuers.Add(new OidcIssuer { IssuerUrl = _baseUrl.Value + DevelopmentIssuer.EmailPath, Type = IssuerType.Email });
            issuers.Add(new OidcIssuer { IssuerUrl = _baseUrl.Value + DevelopmentIssuer.GithubActionsPath, Type = IssuerType.GithubWorkflow });
        }

        return new IssuerConfiguration(issuers, configured.MetaIssuers, configured.CiProviders);
    }
}
