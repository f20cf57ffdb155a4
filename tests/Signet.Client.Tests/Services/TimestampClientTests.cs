using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Signet.Client.Services;
using Signet.Core.Bundles;
using Signet.Testing.Servers;

namespace Signet.Client.Tests.Services;

public sealed class TimestampClientTests
{
    [Fact]
    public async Task Timestamps_a_signature_with_the_tsa_the_served_signing_config_names()
    {
        await using var server = await LocalSigstore.StartServicesAsync("tsa");
        var config = SigningConfig.Parse(File.ReadAllBytes(Path.Combine(server.DataDirectory, "signing_config.v0.2.json")));
        var root = TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(server.DataDirectory, "trusted_root.json")));
        using var http = new HttpClient();
        var signature = RandomNumberGenerator.GetBytes(71);

        var reply = await new TimestampClient(http, new Uri(Assert.Single(config.TsaUrls).Url)).TimestampAsync(signature, CancellationToken.None);

        // The reply is a TimeStampResp whose token verifies over the signature with the trusted root's TSA leaf.
        var request = Rfc3161TimestampRequest.CreateFromData(signature, HashAlgorithmName.SHA256);
        Assert.True(Rfc3161TimestampToken.TryDecode(TokenOf(reply), out var token, out _));
        using var leaf = X509CertificateLoader.LoadCertificate(Assert.Single(root.TimestampAuthorities).CertChain[0]);
        Assert.True(token!.VerifySignatureForData(signature, out _, new X509Certificate2Collection(leaf)));
        Assert.False(token.VerifySignatureForData(RandomNumberGenerator.GetBytes(71), out _, new X509Certificate2Collection(leaf)));
        Assert.NotNull(request);
    }

    [Fact]
    public async Task A_bare_base_url_gets_the_endpoint_path()
    {
        await using var server = await LocalSigstore.StartServicesAsync("tsa");
        using var http = new HttpClient();
        var reply = await new TimestampClient(http, server.BaseUrl).TimestampAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
        Assert.True(Rfc3161TimestampToken.TryDecode(TokenOf(reply), out _, out _));
    }

    [Fact]
    public async Task An_unreachable_tsa_is_one_clear_service_error()
    {
        using var http = new HttpClient();
        var e = await Assert.ThrowsAsync<SigstoreServiceException>(
            () => new TimestampClient(http, new Uri("http://127.0.0.1:1")).TimestampAsync(new byte[] { 1 }, CancellationToken.None));
        Assert.Contains("unreachable", e.Message);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task A_server_without_a_tsa_is_a_service_error_naming_the_status()
    {
        await using var server = await LocalSigstore.StartServicesAsync("log");
        using var http = new HttpClient();
        var e = await Assert.ThrowsAsync<SigstoreServiceException>(
            () => new TimestampClient(http, server.BaseUrl).TimestampAsync(new byte[] { 1 }, CancellationToken.None));
        Assert.Equal(404, e.StatusCode);
    }

    /// <summary>TimeStampResp ::= SEQUENCE { status, timeStampToken }: the token's bytes.</summary>
    private static byte[] TokenOf(byte[] reply)
    {
        var r = new System.Formats.Asn1.AsnReader(reply, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        r.ReadSequence();
        return r.ReadEncodedValue().ToArray();
    }
}
