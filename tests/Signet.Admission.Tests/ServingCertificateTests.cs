using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Signet.Admission.Hosting;
using Signet.Admission.Manifests;
using Signet.Admission.Verification;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Hosting;
using Signet.Testing.Tls;

namespace Signet.Admission.Tests;

/// <summary>
/// The webhook's serving certificate in a mounted Secret, as the manifests deploy it (<c>NAME-tls</c>, renewed by
/// cert-manager or by applying <c>--generate-cert</c> again): a renewal is served without a restart. Before, the webhook
/// looked at the modification times of the links it was given, which a Secret volume never changes, and served the first
/// certificate until it expired — then every admission failed closed.
/// </summary>
public sealed class ServingCertificateTests : IDisposable
{
    private static readonly ITrustedMaterial NoTrust = TrustedMaterial.FromTrustedRoot(
        TrustedRoot.Parse("""{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}"""u8.ToArray()));

    private readonly string _dir = Directory.CreateTempSubdirectory("signet-admission-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_renewed_secret_is_served_without_a_restart()
    {
        var first = WebhookCertificates.Generate("signet-admission", "test", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));
        var volume = new SecretVolume(Path.Combine(_dir, "tls"), Files(first));
        var policies = Directory.CreateDirectory(Path.Combine(_dir, "policies")).FullName;
        await using var app = AdmissionServer.Build(new AdmissionServerOptions
        {
            Policies = policies,
            TlsCertificate = volume.PathOf("tls.crt"),
            TlsKey = volume.PathOf("tls.key"),
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Trust = NoTrust,
            NoMatch = NoMatchAction.Allow,
        });
        var url = await KestrelHost.StartAsync(app, CancellationToken.None);
        Assert.Equal(Serial(first), await SerialShownAsync(url.Port, first));

        var renewed = WebhookCertificates.Generate("signet-admission", "test", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));
        volume.Update(Files(renewed));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string shown;
        while ((shown = await SerialShownAsync(url.Port, first, renewed)) != Serial(renewed) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(Serial(renewed), shown);
        await app.StopAsync();
    }

    private static Dictionary<string, string> Files(WebhookCertificates c) => new() { ["tls.crt"] = c.CertificatePem, ["tls.key"] = c.KeyPem };

    private static string Serial(WebhookCertificates c)
    {
        using var certificate = X509Certificate2.CreateFromPem(c.CertificatePem);
        return certificate.SerialNumber;
    }

    // The certificate the webhook presents to a new connection, checked as the API server checks it (a caBundle: here
    // the CA of the first certificate or of the renewal, the Service's DNS name).
    private static async Task<string> SerialShownAsync(int port, params WebhookCertificates[] caBundle)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        foreach (var c in caBundle)
        {
            policy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(c.CaCertificatePem));
        }

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "signet-admission.test.svc", CertificateChainPolicy = policy });
        using var shown = new X509Certificate2(tls.RemoteCertificate!);
        return shown.SerialNumber;
    }
}
