using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Signet.Ca.Tests.Server;

/// <summary>
/// Every bad token of issue 5 is refused with 401 (token) or 400 (proof) and Fulcio's error shape; none produces a
/// certificate, and none reaches the CT log: the next good request's leaf lands at the index the log had before.
/// </summary>
public sealed class BadTokenTests(CaServerFixture fixture) : IClassFixture<CaServerFixture>
{
    private const string Email = "alice@example.com";
    private readonly CaServer _server = fixture.Server;
    private readonly ECDsa _issuerKey = fixture.IssuerKey;
    private readonly string _kid = fixture.KeyId;

    private string Forge(Action<Dictionary<string, object>>? edit = null, SigningCredentials? credentials = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = _server.EmailIssuer,
            ["aud"] = "sigstore",
            ["sub"] = Email,
            ["email"] = Email,
            ["email_verified"] = true,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        };
        edit?.Invoke(claims);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(JsonSerializer.Serialize(claims), credentials ?? new SigningCredentials(new ECDsaSecurityKey(_issuerKey) { KeyId = _kid }, SecurityAlgorithms.EcdsaSha256));
    }

    public static TheoryData<string> BadTokens => new()
    {
        "expired", "not-yet-valid", "issued-in-the-future", "no-expiry", "wrong-audience", "unknown-issuer", "issuer-with-trailing-slash",
        "unsigned", "unknown-key", "known-kid-other-key", "hs256-with-public-key", "unverified-email", "no-email", "tampered-payload", "garbage",
    };

    private string Token(string kind)
    {
        switch (kind)
        {
            case "expired": return Forge(c => { c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(); c["iat"] = DateTimeOffset.UtcNow.AddMinutes(-15).ToUnixTimeSeconds(); c["nbf"] = c["iat"]; });
            case "not-yet-valid": return Forge(c => c["nbf"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
            case "issued-in-the-future": return Forge(c => c["iat"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
            case "no-expiry": return Forge(c => c.Remove("exp"));
            case "wrong-audience": return Forge(c => c["aud"] = "not-sigstore");
            case "unknown-issuer": return Forge(c => c["iss"] = "https://issuer.invalid");
            case "issuer-with-trailing-slash": return Forge(c => c["iss"] = _server.EmailIssuer + "/");
            case "unsigned":
                {
                    var good = Forge();
                    var header = System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);
                    return header + "." + good.Split('.')[1] + ".";
                }

            case "unknown-key":
                {
                    using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    return Forge(credentials: new SigningCredentials(new ECDsaSecurityKey(other) { KeyId = "unknown-kid" }, SecurityAlgorithms.EcdsaSha256));
                }

            case "known-kid-other-key":
                {
                    using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    return Forge(credentials: new SigningCredentials(new ECDsaSecurityKey(other) { KeyId = _kid }, SecurityAlgorithms.EcdsaSha256));
                }

            case "hs256-with-public-key":
                {
                    // The classic algorithm-confusion attack: HMAC keyed with the issuer's published public key.
                    var secret = Encoding.UTF8.GetBytes(new string(PemEncoding.Write("PUBLIC KEY", _issuerKey.ExportSubjectPublicKeyInfo())));
                    var header = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"HS256","typ":"JWT","kid":"{{_kid}}"}"""));
                    var payload = Forge().Split('.')[1];
                    var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(header + "." + payload));
                    return header + "." + payload + "." + System.Buffers.Text.Base64Url.EncodeToString(mac);
                }

            case "unverified-email": return Forge(c => c["email_verified"] = false);
            case "no-email": return Forge(c => c.Remove("email"));
            case "tampered-payload":
                {
                    var parts = Forge().Split('.');
                    var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace(Email, "mallory@example.com");
                    return parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];
                }

            case "garbage": return "not.a.jwt";
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_token_is_401_and_logs_nothing(string kind)
    {
        var token = Token(kind);
        var before = await _server.CtTreeSizeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var proof = key.SignData(Encoding.UTF8.GetBytes(Email), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var response = await _server.RequestWithKeyAsync(token, key.ExportSubjectPublicKeyInfo(), proof);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(16, doc.RootElement.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("message").GetString()));
        Assert.DoesNotContain("BEGIN CERTIFICATE", body);
        await AssertNothingLoggedSinceAsync(before);
    }

    [Fact]
    public async Task Proof_of_possession_by_another_key_is_400_and_logs_nothing()
    {
        var before = await _server.CtTreeSizeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var proof = other.SignData(Encoding.UTF8.GetBytes(Email), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var response = await _server.RequestWithKeyAsync(Forge(), key.ExportSubjectPublicKeyInfo(), proof);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("proofOfPossession", await response.Content.ReadAsStringAsync());

        // A proof over another claim than the challenge fails too.
        var wrongChallenge = key.SignData(Encoding.UTF8.GetBytes("mallory@example.com"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var response2 = await _server.RequestWithKeyAsync(Forge(), key.ExportSubjectPublicKeyInfo(), wrongChallenge);
        Assert.Equal(HttpStatusCode.BadRequest, response2.StatusCode);
        await AssertNothingLoggedSinceAsync(before);
    }

    [Fact]
    public async Task Malformed_requests_are_400()
    {
        var before = await _server.CtTreeSizeAsync();
        foreach (var body in new object[]
        {
            new { credentials = new { oidcIdentityToken = Forge() } },
            new { credentials = new { oidcIdentityToken = Forge() }, publicKeyRequest = new { publicKey = new { content = "not a key" }, proofOfPossession = "AA==" } },
            new { credentials = new { oidcIdentityToken = Forge() }, certificateSigningRequest = "bm90IGEgY3Ny" },
        })
        {
            using var r = await _server.PostJsonAsync(body);
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)} → {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }

        using var notJson = new StringContent("{", Encoding.UTF8, "application/json");
        using var r2 = await _server.Http.PostAsync("/api/v2/signingCert", notJson);
        Assert.Equal(HttpStatusCode.BadRequest, r2.StatusCode);
        await AssertNothingLoggedSinceAsync(before);
    }

    [Fact]
    public async Task A_forged_token_like_the_bad_ones_but_correct_is_accepted()
    {
        // The control: the same forging path with nothing wrong yields a certificate (so the refusals above are real).
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var proof = key.SignData(Encoding.UTF8.GetBytes(Email), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var response = await _server.RequestWithKeyAsync(Forge(), key.ExportSubjectPublicKeyInfo(), proof);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var chain = await CaServer.ChainOfAsync(response);
        await _server.WaitUntilLoggedAsync(chain[0], chain[1]);
    }

    /// <summary>A good request after the bad ones gets the next index: no entry was appended in between.</summary>
    private async Task AssertNothingLoggedSinceAsync(ulong before)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var proof = key.SignData(Encoding.UTF8.GetBytes(Email), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var response = await _server.RequestWithKeyAsync(Forge(), key.ExportSubjectPublicKeyInfo(), proof);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var chain = await CaServer.ChainOfAsync(response);
        Assert.Equal(before, await _server.WaitUntilLoggedAsync(chain[0], chain[1]));
    }
}
