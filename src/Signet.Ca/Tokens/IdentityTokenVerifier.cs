using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Signet.Ca.Identity;
using Signet.Ca.Issuers;
using Signet.Core.Encoding;

namespace Signet.Ca.Tokens;

/// <summary>
/// Verifies OIDC identity tokens against the configured issuers (Fulcio docs/how-certificate-issuing-works.md,
/// "Authenticate the OIDC token"). The unverified <c>iss</c> is only used to look the issuer up in the configuration;
/// an issuer that is not configured is refused before any network access. Discovery and JWKS are cached per issuer
/// and refreshed once when a token names an unknown key id.
/// </summary>
public sealed class IdentityTokenVerifier
{
    private readonly IssuerConfiguration _issuers;
    private readonly TokenVerifierOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, IssuerKeyCache> _discovery = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public IdentityTokenVerifier(IssuerConfiguration issuers, HttpClient http, TimeProvider time, TokenVerifierOptions? options = null)
    {
        _issuers = issuers;
        _http = http;
        _time = time;
        _options = options ?? new TokenVerifierOptions();
    }

    public IssuerConfiguration Issuers => _issuers;

    public async Task<VerifiedIdentityToken> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > _options.MaxTokenLength)
        {
            throw CaRequestRejectedException.Token("identity token: missing or too long");
        }

        JsonWebToken unverified;
        try
        {
            unverified = new JsonWebToken(token);
        }
        catch (ArgumentException e)
        {
            throw CaRequestRejectedException.Token("identity token: not a JWT", e);
        }

        if (unverified.IsEncrypted)
        {
            throw CaRequestRejectedException.Token("identity token: encrypted tokens are not accepted");
        }

        // RFC 7515 §4.1.1 / RFC 8725 §3.1: only asymmetric algorithms; 'none' and HMAC never, whatever the key set says.
        if (!TokenVerifierOptions.AcceptedAlgorithms.Contains(unverified.Alg, StringComparer.Ordinal))
        {
            throw CaRequestRejectedException.Token($"identity token: algorithm '{unverified.Alg}' is not accepted");
        }

        var iss = unverified.Issuer;
        if (string.IsNullOrEmpty(iss) || !_issuers.TryFind(iss, out var issuer))
        {
            throw CaRequestRejectedException.Token($"identity token: issuer '{Truncate(iss)}' is not configured");
        }

        // A token without a key id is tried against each of the issuer's keys that fit its algorithm, as go-oidc
        // (which Fulcio uses) does; a token with one is checked against that key only.
        var keyless = string.IsNullOrEmpty(unverified.Kid) && string.IsNullOrEmpty(unverified.X5t);
        var keys = CacheFor(issuer.IssuerUrl);
        var config = await FetchAsync(keys.GetAsync, issuer, cancellationToken).ConfigureAwait(false);
        var result = await ValidateAsync(token, unverified.Alg, keyless, issuer, config).ConfigureAwait(false);
        if (!result.IsValid && (result.Exception is SecurityTokenSignatureKeyNotFoundException || (keyless && result.Exception is SecurityTokenInvalidSignatureException)))
        {
            // The issuer may have rotated its keys: fetch them again (rate-limited) and try once more.
            config = await FetchAsync(keys.RefreshAsync, issuer, cancellationToken).ConfigureAwait(false);
            result = await ValidateAsync(token, unverified.Alg, keyless, issuer, config).ConfigureAwait(false);
        }

        if (!result.IsValid)
        {
            throw CaRequestRejectedException.Token($"identity token: {Describe(result.Exception)}", result.Exception);
        }

        var verified = (JsonWebToken)result.SecurityToken;
        CheckLifetime(verified);
        var payload = Base64Url.Decode(verified.EncodedPayload, "identity token payload");
        return new VerifiedIdentityToken(issuer, iss, TokenClaims.Parse(payload));
    }

    private static async Task<OpenIdConnectConfiguration> FetchAsync(Func<CancellationToken, Task<OpenIdConnectConfiguration>> fetch, OidcIssuer issuer, CancellationToken ct)
    {
        OpenIdConnectConfiguration config;
        try
        {
            config = await fetch(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException or ArgumentException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw CaRequestRejectedException.Token($"identity token: the keys of issuer '{issuer.IssuerUrl}' could not be fetched", e);
        }

        // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the one we asked.
        if (!string.Equals(config.Issuer, issuer.IssuerUrl, StringComparison.Ordinal))
        {
            throw CaRequestRejectedException.Token($"identity token: discovery document of '{issuer.IssuerUrl}' names issuer '{Truncate(config.Issuer)}'");
        }

        return config;
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, string alg, bool keyless, OidcIssuer issuer, OpenIdConnectConfiguration config)
    {
        var keys = config.SigningKeys.Where(k => k is RsaSecurityKey or ECDsaSecurityKey or X509SecurityKey
            || (k is JsonWebKey j && j.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve));
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer.IssuerUrl,
            ValidAudience = issuer.ClientId,
            ValidateIssuer = true,
            ValidateAudience = true,
            RequireAudience = true,
            ValidateLifetime = false, // checked against the injected clock in CheckLifetime
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = _options.ClockSkew,
            ValidAlgorithms = TokenVerifierOptions.AcceptedAlgorithms,
            IssuerSigningKeys = keyless ? keys.Where(k => SigningKeyFit.Fits(k, alg)).ToArray() : keys.ToArray(),
            TryAllIssuerSigningKeys = keyless,
        };
        return await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
    }

    // RFC 7519 §4.1.4/§4.1.5, OpenID Connect Core §2: exp and iat are required, nbf optional; all with the skew.
    private void CheckLifetime(JsonWebToken token)
    {
        var now = _time.GetUtcNow();
        if (!token.TryGetPayloadValue<long>("exp", out var exp))
        {
            throw CaRequestRejectedException.Token("identity token: exp is missing");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(exp, 0, 253402300799)) + _options.ClockSkew < now)
        {
            throw CaRequestRejectedException.Token("identity token: the token has expired");
        }

        if (token.TryGetPayloadValue<long>("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(nbf, 0, 253402300799)) - _options.ClockSkew > now)
        {
            throw CaRequestRejectedException.Token("identity token: the token is not yet valid");
        }

        if (!token.TryGetPayloadValue<long>("iat", out var iat))
        {
            throw CaRequestRejectedException.Token("identity token: iat is missing");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, 0, 253402300799)) - _options.ClockSkew > now)
        {
            throw CaRequestRejectedException.Token("identity token: iat is in the future");
        }
    }

    private IssuerKeyCache CacheFor(string issuerUrl)
    {
        if (_discovery.TryGetValue(issuerUrl, out var existing))
        {
            return existing;
        }

        if (_discovery.Count >= _options.MaxCachedIssuers)
        {
            _discovery.Clear(); // bounded for meta-issuers; dropped caches are refetched on demand
        }

        return _discovery.GetOrAdd(issuerUrl, url => new IssuerKeyCache(url, _http, _options, _time));
    }

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not yet valid",
        SecurityTokenInvalidAudienceException => "the audience is wrong",
        SecurityTokenInvalidIssuerException => "the issuer is wrong",
        SecurityTokenSignatureKeyNotFoundException => "signed by a key the issuer does not publish",
        SecurityTokenInvalidSignatureException => "the signature does not verify",
        SecurityTokenInvalidAlgorithmException => "the algorithm is not accepted",
        SecurityTokenNoExpirationException => "the token has no expiry",
        null => "invalid",
        _ => "invalid (" + e.GetType().Name + ")",
    };

    private static string Truncate(string? s) => s is null ? string.Empty : s.Length <= 200 ? s : s[..200] + "…";
}
