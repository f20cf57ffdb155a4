using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Testing.Tls;

/// <summary>
/// A private CA and server certificates for 127.0.0.1 / localhost it issues, written as PEM files for
/// <c>signet serve --tls-cert --tls-key</c>, with the client side: an <see cref="HttpClient"/> that trusts only this CA.
/// </summary>
public sealed class TestTlsCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Creates the CA (its PEM at <see cref="CaFile"/>) in <paramref name="directory"/>.</summary>
    public TestTlsCertificates(string directory)
    {
        Directory = directory;
        var request = new CertificateRequest("CN=Signet test TLS CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CaFile, Ca.ExportCertificatePem() + "\n");
    }

    /// <summary>Where the PEM files are written.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The CA certificate as a PEM file (for <c>SSL_CERT_FILE</c>).</summary>
    public string CaFile => Path.Combine(Directory, "tls-ca.pem");

    /// <summary>Issues a server certificate for 127.0.0.1, ::1 and localhost and writes it and its key.</summary>
    /// <returns>The certificate (public part) and the paths of the PEM files.</returns>
    public (X509Certificate2 Certificate, string CertificateFile, string KeyFile) IssueServer(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        var certificate = request.Create(Ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7), serial);
        var certFile = Path.Combine(Directory, name + ".crt.pem");
        var keyFile = Path.Combine(Directory, name + ".key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certificate, certFile, keyFile);
    }

    /// <summary>
    /// A client that trusts only this CA (custom root trust, no revocation fetches) and remembers the certificate each
    /// new connection was shown (<paramref name="seen"/>).
    /// </summary>
    public HttpClient Client(Action<X509Certificate2>? seen = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(Ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    var leaf = new X509Certificate2(certificate);
                    seen?.Invoke(leaf);
                    return chain.Build(leaf);
                },
            },
        };
        return new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Disposes the CA and its key.</summary>
    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
    }
}
