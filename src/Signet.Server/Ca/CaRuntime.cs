using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Signet.Ca;
using Signet.Ca.Ct;
using Signet.Ca.Issuance;
using Signet.Ca.Issuers;
using Signet.Ca.Tokens;
using Signet.Server.Oidc;

namespace Signet.Server.Ca;

/// <summary>
/// The CA and CT log of one server process. On start it loads (or, on first start, generates) the CA certificates
/// and keys under <c>DIR/ca</c> and <c>DIR/keys</c> (0600) and the CT log key, and opens the CT log's storage.
/// The token verifier is built on first use, once the public base URL (and so the development issuer's URL) is known.
/// Issuers come from <c>DIR/ca/issuers.json</c> (Fulcio's JSON shape) plus, with <c>--dev-oidc</c>, the development issuer.
/// </summary>
public sealed class CaRuntime : IHostedService, IAsyncDisposable
{
    public const string IssuersFile = "issuers.json";
    public const string CtKeyFile = "ct.key.pem";

    private readonly SignetServerOptions _options;
    private readonly TimeProvider _time;
    private readonly PublicBaseUrl _baseUrl;
    private readonly Func<SignetServerOptions, TimeProvider, CancellationToken, Task<ICtLogBackend>> _openBackend;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10), MaxResponseContentBufferSize = 1 << 20 };
    private readonly Lock _gate = new();
    private SigningCertificateService? _service;
    private CaMaterial? _material;
    private CtLog? _ct;
    private ICtLogBackend? _backend;
    private int _disposed;

    public CaRuntime(SignetServerOptions options, TimeProvider time, PublicBaseUrl baseUrl, Func<SignetServerOptions, TimeProvider, CancellationToken, Task<ICtLogBackend>> openBackend)
    {
        _options = options;
        _time = time;
        _baseUrl = baseUrl;
        _openBackend = openBackend;
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
                    _service = new SigningCertificateService(verifier, new CertificateAuthority(Material.IssuingKey, Material.ChainAboveIssuer, Ct, _time));
                }

                return _service;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _material = _options.CaCertificateChainFile is { } chainFile
            ? CaPemFiles.Load(
                await File.ReadAllTextAsync(chainFile, cancellationToken).ConfigureAwait(false),
                await File.ReadAllTextAsync(_options.CaKeyFile!, cancellationToken).ConfigureAwait(false),
                _options.CaKeyPasswordFile is { } pw ? (await File.ReadAllTextAsync(pw, cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n') : null)
            : CaKeyStore.LoadOrCreate(_options.PathOf("ca"), _options.PathOf("keys"), _time, curveBits: CaKeyStore.CurveBitsOf(_options.CaKeyAlgorithm));
        var ctKeyPath = _options.PathOf("keys", CtKeyFile);
        var ctKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(ctKeyPath))
        {
            ctKey.ImportFromPem(await File.ReadAllTextAsync(ctKeyPath, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            CaKeyStore.WritePrivate(ctKeyPath, ctKey.ExportPkcs8PrivateKeyPem());
        }

        _backend = await _openBackend(_options, _time, cancellationToken).ConfigureAwait(false);
        _ct = new CtLog(new CtLogKey(ctKey), _backend, [_material.Root], _time);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        // Registered both as a singleton and as a hosted service: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _http.Dispose();
        if (_backend is IAsyncDisposable d)
        {
            await d.DisposeAsync().ConfigureAwait(false);
        }

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
