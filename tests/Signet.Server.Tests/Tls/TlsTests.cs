using System.Net;
using System.Security.Cryptography.X509Certificates;
using Signet.Hosting.Tls;
using Signet.Testing.Tls;

namespace Signet.Server.Tests.Tls;

/// <summary><c>--tls-cert --tls-key</c>: HTTP/2 over TLS, https in the trust material, reload without restart.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-tls-").FullName;
    private readonly TestTlsCertificates _pki;

    public TlsTests() => _pki = new TestTlsCertificates(_dir);

    [Fact]
    public async Task A_client_trusting_the_ca_negotiates_http2_and_the_trust_material_names_https()
    {
        var (certificate, certFile, keyFile) = _pki.IssueServer("server");
        await using var server = await TestServer.StartAsync(o => o with { Tls = new TlsOptions { CertificateFile = certFile, KeyFile = keyFile } });
        Assert.Equal("https", server.BaseUrl.Scheme);

        X509Certificate2? shown = null;
        using var http = _pki.Client(c => shown = c);
        using var r = await http.GetAsync(new Uri(server.BaseUrl, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(HttpVersion.Version20, r.Version);
        Assert.Equal(certificate.SerialNumber, shown?.SerialNumber);

        // HTTP/1.1 still works for clients that do not offer h2.
        using var http11 = _pki.Client();
        using var r11 = await http11.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUrl, "/healthz")) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        Assert.Equal(HttpVersion.Version11, r11.Version);

        var root = File.ReadAllText(Path.Combine(server.DataDirectory, "trusted_root.json"));
        var config = File.ReadAllText(Path.Combine(server.DataDirectory, "signing_config.v0.2.json"));
        var https = server.BaseUrl.ToString().TrimEnd('/');
        Assert.Contains($"\"{https}\"", root, StringComparison.Ordinal);
        Assert.Contains($"\"{https}/api/v1/timestamp\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", root + config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replaced_certificate_is_served_without_a_restart_and_a_broken_one_is_not()
    {
        var (first, certFile, keyFile) = _pki.IssueServer("server");
        await using var server = await TestServer.StartAsync(o => o with
        {
            Services = new HashSet<string>(["log"], StringComparer.Ordinal),
            Tls = new TlsOptions { CertificateFile = certFile, KeyFile = keyFile, ReloadCheckInterval = TimeSpan.FromMilliseconds(100) },
        });
        Assert.Equal(first.SerialNumber, await SerialShownAsync(server));

        // The operator's renewal: a new pair written over the files.
        var (second, newCert, newKey) = _pki.IssueServer("renewed");
        File.Copy(newCert, certFile, overwrite: true);
        File.Copy(newKey, keyFile, overwrite: true);
        Assert.Equal(second.SerialNumber, await SerialAfterReloadAsync(server, first.SerialNumber));

        // A half-written certificate: the renewed one stays in use.
        await File.WriteAllTextAsync(certFile, "-----BEGIN CERTIFICATE-----\nMIIB\n");
        await Task.Delay(300);
        Assert.Equal(second.SerialNumber, await SerialShownAsync(server));
        Assert.Equal(second.SerialNumber, server.Certificate!.SerialNumber);
    }

    [Fact]
    public async Task A_kubernetes_secret_volume_update_serves_the_renewed_certificate()
    {
        // A mounted Secret that cert-manager renews: the links the server is given never change (before, it looked at
        // them, not at what they lead to, and kept serving the old certificate).
        var (first, firstCert, firstKey) = _pki.IssueServer("server");
        var volume = new SecretVolume(Path.Combine(_dir, "secret-volume"), Pair(firstCert, firstKey));
        await using var server = await TestServer.StartAsync(o => o with
        {
            Services = new HashSet<string>(["log"], StringComparer.Ordinal),
            Tls = new TlsOptions { CertificateFile = volume.PathOf("tls.crt"), KeyFile = volume.PathOf("tls.key"), ReloadCheckInterval = TimeSpan.FromMilliseconds(100) },
        });
        Assert.Equal(first.SerialNumber, await SerialShownAsync(server));

        var (renewed, renewedCert, renewedKey) = _pki.IssueServer("server");
        volume.Update(Pair(renewedCert, renewedKey));
        Assert.Equal(renewed.SerialNumber, await SerialAfterReloadAsync(server, first.SerialNumber));
    }

    private static Dictionary<string, string> Pair(string certFile, string keyFile) =>
        new() { ["tls.crt"] = File.ReadAllText(certFile), ["tls.key"] = File.ReadAllText(keyFile) };

    [Fact]
    public void A_missing_or_mismatched_pair_is_a_configuration_error()
    {
        var (_, cert, _) = _pki.IssueServer("a");
        var (_, _, otherKey) = _pki.IssueServer("b");
        var mismatched = Assert.Throws<Signet.Core.SignetConfigurationException>(() => new ServerCertificate(new TlsOptions { CertificateFile = cert, KeyFile = otherKey }, TimeProvider.System));
        Assert.Contains(cert, mismatched.Message, StringComparison.Ordinal);
        Assert.Throws<Signet.Core.SignetConfigurationException>(() => new ServerCertificate(new TlsOptions { CertificateFile = cert, KeyFile = Path.Combine(_dir, "none.pem") }, TimeProvider.System));
    }

    private async Task<string?> SerialShownAsync(TestServer server)
    {
        X509Certificate2? shown = null;
        using var http = _pki.Client(c => shown = c);
        using var r = await http.GetAsync(new Uri(server.BaseUrl, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return shown?.SerialNumber;
    }

    private async Task<string?> SerialAfterReloadAsync(TestServer server, string previous)
    {
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(100);
            if (await SerialShownAsync(server) is { } serial && serial != previous)
            {
                return serial;
            }
        }

        return previous;
    }

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
