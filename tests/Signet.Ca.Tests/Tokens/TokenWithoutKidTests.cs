using System.Security.Cryptography;
using Signet.Ca.Issuers;
using Signet.Ca.Tokens;

namespace Signet.Ca.Tests.Tokens;

/// <summary>
/// Tokens without a <c>kid</c> (issue 14): as go-oidc does, each of the issuer's keys that fits the token's
/// <c>alg</c> is tried in turn; a token no published key signed stays refused.
/// </summary>
public sealed class TokenWithoutKidTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private IdentityTokenVerifier Verifier() => new(
        new IssuerConfiguration([new OidcIssuer { IssuerUrl = _issuer.Url, Type = IssuerType.Email }]),
        _http,
        TimeProvider.System,
        new TokenVerifierOptions { MinimumRefreshInterval = TimeSpan.FromMilliseconds(1) });

    [Fact]
    public async Task A_token_without_kid_verifies_under_whichever_published_key_signed_it()
    {
        _issuer.Publish("a");
        _issuer.Publish("p384", ECCurve.NamedCurves.nistP384);
        var signer = _issuer.Publish("c");

        var token = await Verifier().VerifyAsync(_issuer.Mint(signer, kid: null), CancellationToken.None);

        Assert.Equal("alice@example.com", token.Claims.RequireString("email", "test"));
    }

    [Fact]
    public async Task A_p384_token_without_kid_is_tried_against_p384_keys()
    {
        _issuer.Publish("a");
        var signer = _issuer.Publish("p384", ECCurve.NamedCurves.nistP384);

        var token = await Verifier().VerifyAsync(_issuer.Mint(signer, kid: null), CancellationToken.None);

        Assert.Equal(_issuer.Url, token.IssuerUrl);
    }

    [Fact]
    public async Task A_token_without_kid_signed_by_no_published_key_is_refused()
    {
        _issuer.Publish("a");
        _issuer.Publish("b");
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var e = await Assert.ThrowsAsync<CaRequestRejectedException>(() => Verifier().VerifyAsync(_issuer.Mint(stranger, kid: null), CancellationToken.None));

        Assert.Equal(CaRejection.InvalidIdentityToken, e.Rejection);
    }

    [Fact]
    public async Task A_token_without_kid_whose_only_same_curve_key_is_not_its_signer_is_refused()
    {
        // The P-256 signer's key is not published, only a P-384 one: no key fits, the token is refused.
        _issuer.Publish("p384", ECCurve.NamedCurves.nistP384);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await Assert.ThrowsAsync<CaRequestRejectedException>(() => Verifier().VerifyAsync(_issuer.Mint(stranger, kid: null), CancellationToken.None));
    }

    [Fact]
    public async Task A_token_with_a_kid_is_still_checked_against_that_key_only()
    {
        var a = _issuer.Publish("a");
        _issuer.Publish("b");

        // Signed by a's key but naming b: refused, even though a's key would verify it.
        await Assert.ThrowsAsync<CaRequestRejectedException>(() => Verifier().VerifyAsync(_issuer.Mint(a, "b"), CancellationToken.None));
    }
}
