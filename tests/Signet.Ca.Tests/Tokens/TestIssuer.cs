using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Signet.Ca.Tests.Tokens;

/// <summary>
/// A real OIDC issuer on loopback whose key set a test can rotate: discovery at <c>/.well-known/openid-configuration</c>,
/// JWKS at <c>/jwks</c>, and a count of requests so tests can prove what the CA fetched.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Kid, ECDsa Key)> _published = [];
    private int _requests;

    private TestIssuer(WebApplication app) => _app = app;

    public string Url { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TestIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var issuer = new TestIssuer(app);
        app.Use(async (ctx, next) =>
        {
            Interlocked.Increment(ref issuer._requests);
            await next(ctx);
        });
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(
            JsonSerializer.Serialize(new Dictionary<string, object> { ["issuer"] = issuer.Url, ["jwks_uri"] = issuer.Url + "/jwks" }), "application/json"));
        app.MapGet("/jwks", () => Results.Text(issuer.Jwks(), "application/json"));
        await app.StartAsync();
        issuer.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return issuer;
    }

    public ECDsa Publish(string kid, ECCurve? curve = null)
    {
        var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        lock (_published)
        {
            _published.Add((kid, key));
        }

        return key;
    }

    /// <summary>A token signed by <paramref name="key"/>; without a <c>kid</c> header when <paramref name="kid"/> is null.</summary>
    public string Mint(ECDsa key, string? kid, Action<Dictionary<string, object>>? edit = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Url,
            ["aud"] = "sigstore",
            ["sub"] = "alice@example.com",
            ["email"] = "alice@example.com",
            ["email_verified"] = true,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
        };
        edit?.Invoke(claims);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(JsonSerializer.Serialize(claims), new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = kid }, key.KeySize switch
            {
                384 => SecurityAlgorithms.EcdsaSha384,
                _ => SecurityAlgorithms.EcdsaSha256,
            }));
    }

    private string Jwks()
    {
        lock (_published)
        {
            var keys = _published.Select(p =>
            {
                var q = p.Key.ExportParameters(false).Q;
                return new Dictionary<string, string>
                {
                    ["kty"] = "EC",
                    ["crv"] = p.Key.KeySize == 384 ? "P-384" : "P-256",
                    ["kid"] = p.Kid,
                    ["x"] = Base64UrlEncoder.Encode(q.X),
                    ["y"] = Base64UrlEncoder.Encode(q.Y),
                };
            }).ToArray();
            return JsonSerializer.Serialize(new Dictionary<string, object> { ["keys"] = keys });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var (_, key) in _published)
        {
            key.Dispose();
        }
    }
}
