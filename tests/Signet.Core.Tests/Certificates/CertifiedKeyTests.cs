using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Certificates;

namespace Signet.Core.Tests.Certificates;

/// <summary><see cref="CertifiedKey.Matches"/>: the certificate's own key and no other, whatever its curve or algorithm.</summary>
public sealed class CertifiedKeyTests
{
    private static X509Certificate2 SelfSigned(ECDsa key) =>
        new CertificateRequest("CN=certified", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));

    [Fact]
    public void The_certificates_own_key_matches()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var certificate = SelfSigned(key);
        using var reloaded = ECDsa.Create();
        reloaded.ImportPkcs8PrivateKey(key.ExportPkcs8PrivateKey(), out _);

        Assert.True(CertifiedKey.Matches(certificate, key));
        Assert.True(CertifiedKey.Matches(certificate, reloaded));
    }

    [Fact]
    public void Another_key_on_the_same_or_another_curve_does_not()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = SelfSigned(key);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCurve = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.False(CertifiedKey.Matches(certificate, stranger));
        Assert.False(CertifiedKey.Matches(certificate, otherCurve));
    }

    [Fact]
    public void An_ecdsa_key_does_not_match_an_rsa_certificate()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(CertifiedKey.Matches(certificate, key));
    }
}
