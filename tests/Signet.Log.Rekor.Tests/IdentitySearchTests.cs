using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;

namespace Signet.Log.Rekor.Tests;

/// <summary>Entries signed with a certificate are found by its e-mail and URI SANs (the <c>uri</c> search field is
/// Signet's: Rekor indexes URI SANs but its model can search only e-mail ones).</summary>
public sealed class IdentitySearchTests : IAsyncLifetime
{
    private const string Workflow = "https://github.com/Octo/App/.github/workflows/release.yml@refs/heads/main";
    private RekorLogFixture _log = null!;

    public async Task InitializeAsync() => _log = await RekorLogFixture.StartAsync();

    public async Task DisposeAsync() => await _log.DisposeAsync();

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task A_certificate_entry_is_found_by_its_uri_san_in_any_case_and_by_its_email_san()
    {
        var created = await _log.V1.CreateEntryAsync(CertificateEntry("released", Workflow, "ops@example.com"), default);
        var other = await _log.V1.CreateEntryAsync(CertificateEntry("other", "https://github.com/octo/other/.github/workflows/x.yml@refs/heads/main", null), default);

        Assert.Equal([created.Uuid], (await _log.V1.SearchIndexAsync(Json($"{{\"uri\":\"{Workflow}\"}}"), default)).Select(n => (string)n!));
        Assert.Equal([created.Uuid], (await _log.V1.SearchIndexAsync(Json($"{{\"uri\":\"{Workflow.ToLowerInvariant()}\"}}"), default)).Select(n => (string)n!));
        Assert.Equal([created.Uuid], (await _log.V1.SearchIndexAsync(Json("{\"email\":\"OPS@example.com\"}"), default)).Select(n => (string)n!));
        Assert.Empty(await _log.V1.SearchIndexAsync(Json("{\"uri\":\"https://github.com/octo/app\"}"), default));
        Assert.NotEqual(created.Uuid, other.Uuid);
    }

    [Theory]
    [InlineData("{\"uri\":\"not a uri\"}")]
    [InlineData("{\"uri\":\"relative/path\"}")]
    public async Task A_uri_that_is_not_absolute_is_a_format_error(string query)
    {
        await Assert.ThrowsAsync<SignetFormatException>(() => _log.V1.SearchIndexAsync(Json(query), default));
    }

    [Fact]
    public async Task A_uri_longer_than_the_limit_is_a_format_error()
    {
        var query = $"{{\"uri\":\"https://example.com/{new string('a', SearchQuery.MaxUriLength)}\"}}";
        await Assert.ThrowsAsync<SignetFormatException>(() => _log.V1.SearchIndexAsync(Json(query), default));
    }

    /// <summary>A hashedrekord 0.0.1 request signed by a fresh key whose self-issued certificate names the SANs.</summary>
    private static byte[] CertificateEntry(string artifactText, string uri, string? email)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(uri));
        if (email is not null)
        {
            san.AddEmailAddress(email);
        }

        request.CertificateExtensions.Add(san.Build(critical: true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
        var artifact = Encoding.UTF8.GetBytes(artifactText);
        var signature = key.SignData(artifact, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var node = new JsonObject
        {
            ["kind"] = "hashedrekord",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(artifact)) } },
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(signature),
                    ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(cert.ExportCertificatePem())) },
                },
            },
        };
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
