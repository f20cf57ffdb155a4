using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Signet.Server.Tests.Tsa;

public sealed class TsaEndpointsTests
{
    private static readonly Uri Timestamp = new("/api/v1/timestamp", UriKind.Relative);
    private static readonly Uri CertChain = new("/api/v1/timestamp/certchain", UriKind.Relative);

    [Fact]
    public async Task Der_query_gets_a_reply_that_verifies_against_the_served_chain()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "tsa" } });
        var data = "signature"u8.ToArray();
        var request = Rfc3161TimestampRequest.CreateFromData(
            data, HashAlgorithmName.SHA256, new Oid("1.3.6.1.4.1.57264.2"), new byte[] { 9, 8, 7, 6, 5, 4, 3, 2 }, requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        var r = await server.Http.PostAsync(Timestamp, content);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/timestamp-reply", r.Content.Headers.ContentType?.MediaType);
        var token = request.ProcessResponse(await r.Content.ReadAsByteArrayAsync(), out _);

        var chainResponse = await server.Http.GetAsync(CertChain);
        Assert.Equal("application/pem-certificate-chain", chainResponse.Content.Headers.ContentType?.MediaType);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await chainResponse.Content.ReadAsStringAsync());
        Assert.Equal(2, chain.Count);
        Assert.True(token.VerifySignatureForData(data, out var signer));
        Assert.Equal(chain[0].Thumbprint, signer!.Thumbprint);

        // The chain and the 0600 key were created under the data directory on first start.
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "tsa", "certchain.pem")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "keys", "tsa.key.pem")));
        }
    }

    [Fact]
    public async Task Json_query_as_sigstore_js_sends_it_gets_a_reply()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "tsa" } });
        var signature = "sig"u8.ToArray();
        var json = JsonSerializer.Serialize(new { artifactHash = Convert.ToBase64String(SHA256.HashData(signature)), hashAlgorithm = "sha256" });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var r = await server.Http.PostAsync(Timestamp, content);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var reply = await r.Content.ReadAsByteArrayAsync();
        var request = Rfc3161TimestampRequest.CreateFromData(signature, HashAlgorithmName.SHA256);
        var token = request.ProcessResponse(reply, out _);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await server.Http.GetStringAsync(CertChain));
        Assert.True(token.VerifySignatureForData(signature, out _, chain));
    }

    [Theory]
    [InlineData("application/timestamp-query", "not DER")]
    [InlineData("application/timestamp-query", "")]
    [InlineData("application/json", "{\"artifactHash\":\"AAAA\"}")]
    [InlineData("application/json", "not json")]
    public async Task Bad_queries_are_400_problems(string mediaType, string body)
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "tsa" } });
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var r = await server.Http.PostAsync(Timestamp, content);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unsupported_policy_is_400_and_wrong_media_type_is_415_and_huge_bodies_413()
    {
        await using var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "tsa" } });
        var request = Rfc3161TimestampRequest.CreateFromData("x"u8, HashAlgorithmName.SHA256, new Oid("1.2.3.4"));
        using var policy = new ByteArrayContent(request.Encode());
        policy.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.PostAsync(Timestamp, policy)).StatusCode);

        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Http.PostAsync(Timestamp, text)).StatusCode);

        using var huge = new ByteArrayContent(new byte[100_000]);
        huge.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await server.Http.PostAsync(Timestamp, huge)).StatusCode);
    }

    [Fact]
    public async Task The_chain_survives_a_restart()
    {
        string first;
        string dir;
        await using (var server = await TestServer.StartAsync(o => o with { Services = new HashSet<string> { "tsa" } }))
        {
            first = await server.Http.GetStringAsync(CertChain);
            dir = server.DataDirectory;
            var copy = Directory.CreateTempSubdirectory("signet-tsa-restart-").FullName;
            CopyDirectory(dir, copy);
            dir = copy;
        }

        await using var again = await TestServer.StartAsync(o => o with { DataDirectory = dir, Services = new HashSet<string> { "tsa" } });
        Assert.Equal(first, await again.Http.GetStringAsync(CertChain));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
