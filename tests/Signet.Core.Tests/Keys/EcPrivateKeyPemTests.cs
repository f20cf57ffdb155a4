using System.Security.Cryptography;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Keys;

public sealed class EcPrivateKeyPemTests
{
    [Fact]
    public void Pkcs8_and_sec1_keys_import_as_the_same_key()
    {
        using var original = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var pkcs8 = EcPrivateKeyPem.Import(original.ExportPkcs8PrivateKeyPem(), "k");
        using var sec1 = EcPrivateKeyPem.Import(original.ExportECPrivateKeyPem(), "k");
        Assert.Equal(original.ExportSubjectPublicKeyInfo(), pkcs8.ExportSubjectPublicKeyInfo());
        Assert.Equal(original.ExportSubjectPublicKeyInfo(), sec1.ExportSubjectPublicKeyInfo());
    }

    public static TheoryData<string> NotAnEcKey()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new()
        {
            "not PEM at all",
            rsa.ExportPkcs8PrivateKeyPem(), // another key type
            ec.ExportSubjectPublicKeyInfoPem(), // a public key
            ec.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)),
            // An EC key on a curve OID no platform knows (fuzz/regressions/private-key/b6068d9f65c02714): the runtime's
            // PlatformNotSupportedException must not escape.
            """
            -----BEGIN PUBLIC KEY-----
            MHYwEAYHKoZIzj0CAQYFKtEEACIDYgAEMjKE2xCQpr81hvLA4v3rxJ4/Iy6nF5ci
            3jC9VLyXLLWk+zTN/D8xH7MfvF+iNcYGjsD46kANJYacE8SkP1LqpIBC2yWpQlGr
            ouFdpsPxwNpkAUmItk0bJIOlQZ//bIAg
            -----END PUBLIC KEY-----
            """,
        };
    }

    [Theory]
    [MemberData(nameof(NotAnEcKey))]
    public void Anything_else_is_a_format_error_naming_what_was_read(string pem)
    {
        var e = Assert.Throws<SignetFormatException>(() => EcPrivateKeyPem.Import(pem, "/data/keys/ct.key.pem"));
        Assert.StartsWith("/data/keys/ct.key.pem: not an unencrypted PEM EC private key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKey_from_pem_names_what_was_read()
    {
        var e = Assert.Throws<SignetFormatException>(() => SigningKey.FromPem("garbage", "/data/keys/log-ecdsa-p256.pem"));
        Assert.StartsWith("/data/keys/log-ecdsa-p256.pem: PEM: ", e.Message, StringComparison.Ordinal);
    }
}
