using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Signet.Core.Bundles;
using Signet.Server.Tests.Log;
using Signet.Server.Trust;

namespace Signet.Server.Tests.Hosting;

/// <summary>
/// A server whose clock is set back after its first start (an NTP step, a VM restored from a snapshot), or whose trust
/// material was made on a machine whose clock ran ahead: what it would sign before its keys' windows open verifies
/// nowhere. It says so when it starts, and its CA, TSA and log refuse (503, with the time to retry) instead of signing.
/// </summary>
public sealed class ClockSetBackTests
{
    [Fact]
    public async Task The_tsa_answers_503_with_the_reason_and_a_retry_time_while_the_clock_is_before_its_chain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "tsa" } }, b => b.Services.AddSingleton<TimeProvider>(time));
        Assert.Equal(HttpStatusCode.OK, (await TimestampAsync(server)).StatusCode);

        time.AdjustTime(time.GetUtcNow().AddHours(-1));
        var refused = await TimestampAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.StartsWith("cannot sign now: the TSA's certificate chain is valid from ", detail, StringComparison.Ordinal);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(54), TimeSpan.FromMinutes(56)); // made 5 min back-dated

        time.AdjustTime(time.GetUtcNow().AddHours(1));
        Assert.Equal(HttpStatusCode.OK, (await TimestampAsync(server)).StatusCode);
    }

    [Fact]
    public async Task The_log_answers_503_on_both_apis_while_the_clock_is_before_its_keys_windows_and_logs_nothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "log" } }, b => b.Services.AddSingleton<TimeProvider>(time));
        var (first, _) = await LogRequests.PostAsync(server.Http, "/api/v1/log/entries", LogRequests.HashedRekordV001("first"u8.ToArray()).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // An hour back: both keys' windows (opened when their files were written, a minute of slack) are ahead of it.
        time.AdjustTime(time.GetUtcNow().AddHours(-1));
        foreach (var (path, request, key) in new[]
        {
            ("/api/v1/log/entries", LogRequests.HashedRekordV001("back"u8.ToArray()), "the log's Rekor v1 key"),
            ("/api/v2/log/entries", LogRequests.HashedRekordV002("back"u8.ToArray()), "the log's checkpoint key (Rekor v2)"),
        })
        {
            var (refused, problem) = await LogRequests.PostAsync(server.Http, path, request.ToJsonString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith($"cannot log now: {key} is valid in trusted_root.json from ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(60));
        }

        var (_, info) = await LogRequests.GetAsync(server.Http, "/api/v1/log");
        Assert.Equal(1, info.GetProperty("treeSize").GetInt64());

        time.AdjustTime(time.GetUtcNow().AddHours(1));
        var (again, _) = await LogRequests.PostAsync(server.Http, "/api/v2/log/entries", LogRequests.HashedRekordV002("back"u8.ToArray()).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task The_ca_answers_503_while_the_clock_is_inside_its_chain_but_before_its_ct_keys_window()
    {
        // The CA's chain is made five minutes back-dated, the CT key's window opens a minute before its file: three
        // minutes back (an NTP step after the first boot), the chain is valid and the SCT would not be (before, the
        // certificate was issued with an SCT older than the CT key's window, which verifiers refuse).
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "ca", "ct" }, DevOidc = true }, b => b.Services.AddSingleton<TimeProvider>(time));
        Assert.Equal(HttpStatusCode.Created, (await SigningCertificateAsync(server)).StatusCode);

        time.AdjustTime(time.GetUtcNow().AddMinutes(-3));
        var refused = await SigningCertificateAsync(server);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var detail = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.StartsWith("cannot log now: the CT log's key is valid in trusted_root.json from ", detail, StringComparison.Ordinal);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3));

        time.AdjustTime(time.GetUtcNow().AddMinutes(3));
        Assert.Equal(HttpStatusCode.Created, (await SigningCertificateAsync(server)).StatusCode);
    }

    [Fact]
    public void The_start_names_each_current_key_whose_window_opens_after_the_clock()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var later = new TimeRange(now.AddHours(1), null);
        var root = new TrustedRoot(
            MediaTypes.TrustedRootV01Suffix,
            [new TransparencyLogInstance("https://log", "SHA2_256", new PublicKeyDetails([1], "PKIX_ED25519", later), [0xAB, 0xCD, 1, 2, 3, 4, 5, 6, 7], null, null),
             new TransparencyLogInstance("https://log", "SHA2_256", new PublicKeyDetails([1], "PKIX_ED25519", new TimeRange(now.AddDays(-9), now.AddDays(-8))), [9], null, null)],
            [new CertificateAuthority(new DistinguishedName("o", "ca"), "https://ca", [[1]], new TimeRange(now.AddDays(-1), null), null)],
            [],
            [new CertificateAuthority(new DistinguishedName("o", "tsa"), "https://tsa", [[1]], later, null)]);

        var lines = ClockAgainstTrust.NotYetValid(root, now).ToList();

        // The retired key (its window closed) and the CA valid since yesterday say nothing.
        Assert.Equal(
            [
                "this machine's clock says 2026-06-01T12:00:00Z, before the transparency log key abcd010203040506 is valid in trusted_root.json (2026-06-01T13:00:00Z): nothing it signs until then will verify — is the clock behind?",
                "this machine's clock says 2026-06-01T12:00:00Z, before the timestamp authority tsa is valid in trusted_root.json (2026-06-01T13:00:00Z): nothing it signs until then will verify — is the clock behind?",
            ],
            lines);
    }

    // Fulcio's JSON request for alice@example.com with a token of the development issuer.
    private static async Task<HttpResponseMessage> SigningCertificateAsync(TestServer server)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "alice@example.com" });
        using var issued = await server.Http.PostAsync(new Uri("/oidc/token", UriKind.Relative), form);
        var token = JsonDocument.Parse(await issued.EnsureSuccessStatusCode().Content.ReadAsStringAsync()).RootElement.GetProperty("id_token").GetString();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new Dictionary<string, object>
        {
            ["credentials"] = new Dictionary<string, string?> { ["oidcIdentityToken"] = token },
            ["publicKeyRequest"] = new Dictionary<string, object>
            {
                ["publicKey"] = new Dictionary<string, string> { ["algorithm"] = "ECDSA", ["content"] = key.ExportSubjectPublicKeyInfoPem() },
                ["proofOfPossession"] = Convert.ToBase64String(key.SignData("alice@example.com"u8, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
            },
        };
        using var content = new StringContent(JsonSerializer.Serialize(request), System.Text.Encoding.UTF8, "application/json");
        return await server.Http.PostAsync(new Uri("/api/v2/signingCert", UriKind.Relative), content);
    }

    private static async Task<HttpResponseMessage> TimestampAsync(TestServer server)
    {
        var request = Rfc3161TimestampRequest.CreateFromData("signature"u8, HashAlgorithmName.SHA256, requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        return await server.Http.PostAsync(new Uri("/api/v1/timestamp", UriKind.Relative), content);
    }
}
