using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Testing.Servers;

namespace Signet.Client.Tests.Identity;

/// <summary>
/// Interactive logins run for real against the development issuer of <c>signet serve --dev-oidc</c>: the
/// authorization code flow with PKCE and a loopback redirect (RFC 7636, RFC 8252) and the device flow (RFC 8628).
/// </summary>
public sealed class InteractiveLoginTests
{
    private const string Email = "person@signet.dev";

    [Fact]
    public async Task Discovery_advertises_both_interactive_endpoints()
    {
        await using var server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { Services = ["tsa"] });
        using var http = new HttpClient();
        var metadata = await OidcProviderMetadata.FetchAsync(http, server.Issuer, CancellationToken.None);
        Assert.Equal(server.Issuer, metadata.Issuer);
        Assert.Equal(server.Issuer + "/auth", metadata.AuthorizationEndpoint!.ToString());
        Assert.Equal(server.Issuer + "/device/code", metadata.DeviceAuthorizationEndpoint!.ToString());

        // The workflow issuer mints on request only: no interactive endpoints.
        var workflow = await OidcProviderMetadata.FetchAsync(http, server.Issuer + "/github-actions", CancellationToken.None);
        Assert.Null(workflow.AuthorizationEndpoint);
    }

    [Fact]
    public async Task Browser_login_yields_a_token_the_CA_accepts()
    {
        await using var server = await LocalSigstore.StartAsync();
        using var http = new HttpClient();
        using var user = new BrowserUser(Email);

        var jwt = await InteractiveLogin.LoginAsync(http, new InteractiveLoginOptions(server.Issuer), user, CancellationToken.None);

        var token = IdentityToken.Parse(jwt);
        Assert.Equal(server.Issuer, token.Issuer);
        Assert.Equal(Email, token.Email);
        Assert.NotNull(token.Nonce);
        Assert.StartsWith("http://127.0.0.1:", user.LastRedirect);

        // The CA verifies the token against the issuer's keys and binds the identity into the certificate.
        var config = SigningConfig.Parse(File.ReadAllBytes(Path.Combine(server.DataDirectory, "signing_config.v0.2.json")));
        var signer = new BundleSigner(http, SigningServices.Select(config, DateTimeOffset.UtcNow), TimeProvider.System);
        var signed = await signer.SignKeylessAsync(SigningPayload.ForArtifact("artifact"u8.ToArray()), token, CancellationToken.None);
        using var leaf = X509CertificateLoader.LoadCertificate(signed.Certificate!);
        Assert.Equal(Email, leaf.GetNameInfo(X509NameType.EmailName, forIssuer: false));
    }

    [Fact]
    public async Task A_redirect_with_another_state_is_refused()
    {
        await using var server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { Services = ["tsa"] });
        using var http = new HttpClient();
        using var user = new BrowserUser(Email) { TamperRedirect = l => System.Text.RegularExpressions.Regex.Replace(l, "state=[^&]*", "state=forged") };
        var e = await Assert.ThrowsAsync<IdentityTokenException>(
            () => InteractiveLogin.LoginAsync(http, new InteractiveLoginOptions(server.Issuer), user, CancellationToken.None));
        Assert.Contains("state does not match", e.Message);
    }

    [Fact]
    public async Task A_denied_login_names_the_issuers_error()
    {
        await using var server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { Services = ["tsa"] });
        using var http = new HttpClient();
        using var user = new BrowserUser(Email) { Deny = true };
        var e = await Assert.ThrowsAsync<IdentityTokenException>(
            () => InteractiveLogin.LoginAsync(http, new InteractiveLoginOptions(server.Issuer), user, CancellationToken.None));
        Assert.Equal("access_denied", e.OAuthError);
    }

    [Fact]
    public async Task The_code_needs_the_right_PKCE_verifier_and_burns_on_a_wrong_one()
    {
        await using var server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { Services = ["tsa"] });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var pkce = Pkce.Create();
        const string redirect = "http://127.0.0.1:1234/callback";

        async Task<string> CodeAsync()
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["response_type"] = "code", ["client_id"] = "sigstore", ["redirect_uri"] = redirect, ["scope"] = "openid email",
                ["state"] = "s", ["code_challenge"] = pkce.Challenge, ["code_challenge_method"] = "S256", ["email"] = Email,
            });
            using var r = await http.PostAsync(new Uri(server.Issuer + "/auth"), form);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            var query = LoopbackRedirectListener.CallbackQuery(r.Headers.Location!.PathAndQuery)!;
            Assert.Equal("s", query["state"]);
            return query["code"];
        }

        async Task<(HttpStatusCode Status, JsonElement Body)> ExchangeAsync(string code, string verifier)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect, ["client_id"] = "sigstore", ["code_verifier"] = verifier,
            });
            using var r = await http.PostAsync(new Uri(server.Issuer + "/token"), form);
            return (r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var code = await CodeAsync();
        var wrong = await ExchangeAsync(code, Pkce.Create().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("invalid_grant", wrong.Body.GetProperty("error").GetString());
        Assert.Contains("PKCE", wrong.Body.GetProperty("error_description").GetString());

        // The wrong attempt used the code up: even the right verifier cannot redeem it now.
        Assert.Equal(HttpStatusCode.BadRequest, (await ExchangeAsync(code, pkce.Verifier)).Status);

        // A fresh code with the right verifier gives an ID token.
        var ok = await ExchangeAsync(await CodeAsync(), pkce.Verifier);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(Email, IdentityToken.Parse(ok.Body.GetProperty("id_token").GetString()!).Email);
    }

    [Fact]
    public async Task The_issuer_never_redirects_to_a_non_loopback_uri_and_requires_PKCE()
    {
        await using var server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { Services = ["tsa"] });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var challenge = Pkce.Create().Challenge;
        using var evil = await http.GetAsync(new Uri($"{server.Issuer}/auth?response_type=code&client_id=sigstore&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&code_challenge={challenge}&code_challenge_method=S256"));
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);

        using var noPkce = await http.GetAsync(new Uri($"{server.Issuer}/auth?response_type=code&client_id=sigstore&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fcallback&state=x"));
        Assert.Equal(HttpStatusCode.Redirect, noPkce.StatusCode);
        var query = LoopbackRedirectListener.CallbackQuery(noPkce.Headers.Location!.PathAndQuery)!;
        Assert.Equal("invalid_request", query["error"]);
        Assert.Equal("x", query["state"]);
    }

    [Fact]
    public async Task Device_login_yields_a_token_for_the_approved_identity()
    {
        await using var server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { Services = ["tsa"] });
        using var http = new HttpClient();
        using var user = new BrowserUser(Email);
        var jwt = await InteractiveLogin.LoginAsync(http, new InteractiveLoginOptions(server.Issuer) { DeviceFlow = true }, user, CancellationToken.None);
        var token = IdentityToken.Parse(jwt);
        Assert.Equal(server.Issuer, token.Issuer);
        Assert.Equal(Email, token.Email);
    }

    [Fact]
    public async Task An_expired_device_code_is_a_clear_error()
    {
        var clock = new ShiftedClock();
        await using var server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { Services = ["tsa"], Time = clock });
        using var http = new HttpClient();

        // The person never approves; by the first poll the issuer's clock is past the code's ten minutes.
        using var user = new BrowserUser(Email) { ApproveDevice = false, OnDeviceCode = () => clock.Offset = TimeSpan.FromMinutes(11) };
        var e = await Assert.ThrowsAsync<IdentityTokenException>(
            () => InteractiveLogin.LoginAsync(http, new InteractiveLoginOptions(server.Issuer) { DeviceFlow = true }, user, CancellationToken.None));
        Assert.Equal("expired_token", e.OAuthError);
        Assert.Contains("expired", e.Message);
    }

    [Fact]
    public async Task The_loopback_listener_ignores_other_paths_and_returns_the_callback_query()
    {
        using var listener = LoopbackRedirectListener.Start();
        Assert.Equal("127.0.0.1", listener.RedirectUri.Host);
        var waiting = listener.WaitForCallbackAsync(_ => "done", CancellationToken.None);
        using var http = new HttpClient();
        using (var favicon = await http.GetAsync(new Uri(listener.RedirectUri, "/favicon.ico")))
        {
            Assert.Equal(HttpStatusCode.NotFound, favicon.StatusCode);
        }

        using (var cb = await http.GetAsync(new Uri(listener.RedirectUri + "?code=a%2Bb&state=s")))
        {
            Assert.Equal(HttpStatusCode.OK, cb.StatusCode);
        }

        var query = await waiting;
        Assert.Equal("a+b", query["code"]);
        Assert.Equal("s", query["state"]);
    }

    /// <summary>A server clock that can be moved forward (the development issuer's codes expire on it).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
