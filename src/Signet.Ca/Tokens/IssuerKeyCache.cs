using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Signet.Ca.Tokens;

/// <summary>
/// Discovery + JWKS of one configured issuer (OpenID Connect Discovery 1.0 §4), fetched on first use, kept for
/// <see cref="TokenVerifierOptions.CacheLifetime"/>, and fetched again on demand when a token names a key id the
/// cached set lacks — at most once per <see cref="TokenVerifierOptions.MinimumRefreshInterval"/>, so unknown key ids
/// cannot make the CA hammer the issuer.
/// </summary>
internal sealed class IssuerKeyCache : IDisposable
{
    private readonly string _discoveryUrl;
    private readonly IDocumentRetriever _retriever;
    private readonly TokenVerifierOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _config;
    private DateTimeOffset _fetchedAt;

    public IssuerKeyCache(string issuerUrl, HttpClient http, TokenVerifierOptions options, TimeProvider time)
    {
        _discoveryUrl = issuerUrl.TrimEnd('/') + "/.well-known/openid-configuration";
        var loopback = Uri.TryCreate(issuerUrl, UriKind.Absolute, out var u) && u.IsLoopback;
        _retriever = new HttpDocumentRetriever(http) { RequireHttps = !loopback };
        _options = options;
        _time = time;
    }

    /// <summary>The cached configuration, fetched if absent or older than the cache lifetime.</summary>
    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken) =>
        FetchAsync(c => c is null || _time.GetUtcNow() - _fetchedAt > _options.CacheLifetime, cancellationToken);

    /// <summary>Fetches again if the last fetch is older than the minimum refresh interval (the issuer may have rotated keys).</summary>
    public Task<OpenIdConnectConfiguration> RefreshAsync(CancellationToken cancellationToken) =>
        FetchAsync(c => c is null || _time.GetUtcNow() - _fetchedAt >= _options.MinimumRefreshInterval, cancellationToken);

    public void Dispose() => _gate.Dispose();

    private async Task<OpenIdConnectConfiguration> FetchAsync(Func<OpenIdConnectConfiguration?, bool> stale, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _config);
        if (current is not null && !stale(current))
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_config is not null && !stale(_config))
            {
                return _config;
            }

            var fresh = await OpenIdConnectConfigurationRetriever.GetAsync(_discoveryUrl, _retriever, cancellationToken).ConfigureAwait(false);
            _fetchedAt = _time.GetUtcNow();
            Volatile.Write(ref _config, fresh);
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }
}
