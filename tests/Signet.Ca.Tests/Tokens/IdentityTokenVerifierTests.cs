using Signet.Ca.Issuers;
using Signet.Ca.Tokens;

namespace Signet.Ca.Tests.Tokens;

public sealed class IdentityTokenVerifierTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private IdentityTokenVerifier Verifier(TimeSpan? refresh = null) => new(
        new IssuerConfiguration([new OidcIssuer { IssuerUrl = _issuer.Url, Type = IssuerType.Email }]),
        _http,
        TimeProvider.System,
        new TokenVerifierOptions { MinimumRefreshInterval = refresh ?? TimeSpan.FromSeconds(1) });

    [Fact]
    public async Task Keys_are_cached_and_refreshed_when_a_token_names_an_unknown_key()
    {
        var first = _issuer.Publish("k1");
        var verifier = Verifier();
        var token = await verifier.VerifyAsync(_issuer.Mint(first, "k1"), CancellationToken.None);
        Assert.Equal(_issuer.Url, token.IssuerUrl);
        var afterFirst = _issuer.Requests;
        Assert.Equal(2, afterFirst); // discovery + JWKS

        await verifier.VerifyAsync(_issuer.Mint(first, "k1"), CancellationToken.None);
        Assert.Equal(afterFirst, _issuer.Requests); // cached

        // The issuer rotates: a token under the new key id makes the verifier fetch the keys again.
        var second = _issuer.Publish("k2");
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var rotated = await verifier.VerifyAsync(_issuer.Mint(second, "k2"), CancellationToken.None);
        Assert.Equal("alice@example.com", rotated.Claims.RequireString("email", "test"));
        Assert.True(_issuer.Requests > afterFirst);
    }

    [Fact]
    public async Task A_token_from_an_unconfigured_issuer_is_refused_without_any_fetch()
    {
        var key = _issuer.Publish("k1");
        var verifier = Verifier();
        var foreign = _issuer.Mint(key, "k1", c => c["iss"] = "http://127.0.0.1:1/elsewhere");
        var e = await Assert.ThrowsAsync<CaRequestRejectedException>(() => verifier.VerifyAsync(foreign, CancellationToken.None));
        Assert.Equal(CaRejection.InvalidIdentityToken, e.Rejection);
        Assert.Contains("not configured", e.Message);
        Assert.Equal(0, _issuer.Requests);
    }

    [Fact]
    public async Task An_unknown_key_stays_refused_after_the_refresh()
    {
        _issuer.Publish("k1");
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var e = await Assert.ThrowsAsync<CaRequestRejectedException>(() => Verifier().VerifyAsync(_issuer.Mint(stranger, "k9"), CancellationToken.None));
        Assert.Contains("does not publish", e.Message);
    }

    [Fact]
    public async Task A_discovery_document_naming_another_issuer_is_refused()
    {
        var key = _issuer.Publish("k1");
        // Configure the issuer under a URL whose discovery document names a different issuer (the real one).
        var alias = _issuer.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var verifier = new IdentityTokenVerifier(new IssuerConfiguration([new OidcIssuer { IssuerUrl = alias, Type = IssuerType.Email }]), _http, TimeProvider.System);
        var e = await Assert.ThrowsAsync<CaRequestRejectedException>(() => verifier.VerifyAsync(_issuer.Mint(key, "k1", c => c["iss"] = alias), CancellationToken.None));
        Assert.Contains("names issuer", e.Message);
    }
}
