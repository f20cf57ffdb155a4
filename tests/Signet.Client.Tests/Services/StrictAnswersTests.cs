using System.Net;
using System.Text;
using Signet.Client.Identity;
using Signet.Client.Keys;
using Signet.Client.Monitoring;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Encoding;

namespace Signet.Client.Tests.Services;

/// <summary>
/// What services answer and the files the client keeps are read with <c>StrictJson</c> (<see cref="ClientJson"/>): a
/// string that is not valid Unicode, or a member named twice, is a format error naming the field. Before, a lone
/// surrogate escape in any string the client then read ended as an <see cref="InvalidOperationException"/> (exit 70 in
/// the CLI: <c>signet sign</c> against such a CA, <c>signet dev-token</c> against such an issuer).
/// </summary>
public sealed class StrictAnswersTests
{
    private const string Lone = "\\ud800";

    [Fact]
    public void A_ca_answer_with_a_lone_surrogate_names_the_certificate()
    {
        var e = Assert.Throws<SignetFormatException>(() => FulcioClient.ReadChain(Encoding.UTF8.GetBytes(
            "{\"signedCertificateEmbeddedSct\":{\"chain\":{\"certificates\":[\"" + Lone + "\"]}}}")));
        Assert.StartsWith("CA response.signedCertificateEmbeddedSct.chain.certificates[0]: not valid Unicode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ca_answer_that_names_its_chain_twice_is_refused_as_such()
    {
        var e = Assert.Throws<SignetFormatException>(() => FulcioClient.ReadChain(Encoding.UTF8.GetBytes(
            """{"signedCertificateEmbeddedSct":{"chain":{"certificates":[]},"chain":{"certificates":[]}}}""")));
        Assert.Contains("Duplicate property 'chain'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_entry_answer_with_a_lone_surrogate_is_a_format_error()
    {
        var e = Assert.Throws<SignetFormatException>(() => RekorV1Client.ReadLogEntry(Encoding.UTF8.GetBytes(
            $$$"""{"abc":{"body":"{{{Lone}}}","integratedTime":1,"logID":"00","logIndex":0}}""")));
        Assert.StartsWith("log response.abc.body: not valid Unicode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_entry_answer_whose_proof_hash_is_a_number_is_a_format_error()
    {
        // Valid JSON, so StrictJson lets it through: the reader checks the kind (was InvalidOperationException).
        var e = Assert.Throws<SignetFormatException>(() => RekorV1Client.ReadLogEntry(Encoding.UTF8.GetBytes(
            """{"abc":{"body":"e30=","integratedTime":1,"logID":"00","logIndex":0,"verification":{"inclusionProof":{"logIndex":0,"rootHash":"00","treeSize":1,"hashes":[5]}}}}""")));
        Assert.Equal("log response: a proof hash is not a string", e.Message);
    }

    [Fact]
    public void A_monitor_state_file_with_a_lone_surrogate_is_a_format_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"signet-state-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{"url":"{{Lone}}","treeSize":"1","rootHash":"{{new string('a', 64)}}"}""");
        try
        {
            var e = Assert.Throws<SignetFormatException>(() => new LogMonitorStateFile(path).Load());
            Assert.Contains("state file", e.Message, StringComparison.Ordinal);
            Assert.Contains(".url: not valid Unicode", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cosign_key_whose_body_has_a_lone_surrogate_is_a_format_error()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"kdf":{"name":"{{{Lone}}}"}}""");
        var pem = Pem.Encode(CosignEncryptedKey.SigstoreLabel, body);

        var e = Assert.Throws<SignetFormatException>(() => CosignEncryptedKey.DecryptPkcs8(pem, "pw"));
        Assert.Contains("kdf.name: not valid Unicode", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Answers every request with one body, as a tampered or broken issuer would.</summary>
    private sealed class ForgedAnswer(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }

    [Fact]
    public async Task A_development_issuer_answer_with_a_lone_surrogate_is_a_service_error()
    {
        using var http = new HttpClient(new ForgedAnswer($$"""{"id_token":"{{Lone}}"}"""));

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(() => DevelopmentTokens.ForEmailAsync(http, new Uri("http://issuer.test/"), "a@b.c"));
        Assert.Contains("id_token: not valid Unicode", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eyJhbGciOiJub25lIn0.e30.secret-token")] // a raw token where JSON was expected: the parser's message would quote it
    [InlineData("{\"id_token\":\"secret-token\",\"id_token\":\"x\"}")]
    public async Task A_token_answer_that_is_not_json_is_refused_without_quoting_it(string answer)
    {
        using var http = new HttpClient(new ForgedAnswer(answer));

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(() => DevelopmentTokens.ForEmailAsync(http, new Uri("http://issuer.test/"), "a@b.c"));
        Assert.Contains("answer: not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oidc_discovery_document_with_a_lone_surrogate_is_an_identity_token_error()
    {
        using var http = new HttpClient(new ForgedAnswer($$"""{"issuer":"{{Lone}}"}"""));

        var e = await Assert.ThrowsAsync<IdentityTokenException>(() => OidcProviderMetadata.FetchAsync(http, "https://issuer.test", CancellationToken.None));
        Assert.Contains("issuer: not valid Unicode", e.Message, StringComparison.Ordinal);
    }
}
