using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;

namespace Signet.Admission.Manifests;

/// <summary>A serving certificate and the CA that issued it, in PEM: what the webhook presents and what the API server trusts (<c>caBundle</c>).</summary>
/// <param name="CaCertificatePem">The CA certificate.</param>
/// <param name="CertificatePem">The serving certificate.</param>
/// <param name="KeyPem">The serving certificate's private key (PKCS #8).</param>
public sealed record WebhookCertificates(string CaCertificatePem, string CertificatePem, string KeyPem)
{
    /// <summary>
    /// A new CA (ECDSA P-256, basicConstraints CA, keyCertSign) and a serving certificate it signs for the Service's
    /// DNS names (<c>NAME</c>, <c>NAME.NS</c>, <c>NAME.NS.svc</c>, <c>NAME.NS.svc.cluster.local</c>: the API server
    /// calls <c>NAME.NS.svc</c>), valid from <paramref name="now"/> for <paramref name="lifetime"/>. The CA's key is not kept.
    /// </summary>
    public static WebhookCertificates Generate(string service, string ns, DateTimeOffset now, TimeSpan lifetime)
    {
        KubernetesNames.RequireLabel("name", service);
        KubernetesNames.RequireLabel("namespace", ns);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={service}.{ns} webhook CA, O=signet admission", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now + lifetime);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var host = $"{service}.{ns}.svc";
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in new[] { service, $"{service}.{ns}", host, $"{host}.cluster.local" })
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(X509Oids.ServerAuthEku)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var leaf = request.Create(ca, now.AddMinutes(-5), now + lifetime, serial);
        return new WebhookCertificates(ca.ExportCertificatePem(), leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
