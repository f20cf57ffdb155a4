using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Ca.Challenge;

namespace Signet.Ca.Tests.Challenge;

public sealed class ProofOfPossessionTests
{
    private static readonly byte[] Challenge = Encoding.UTF8.GetBytes("alice@example.com");

    public static TheoryData<string> Curves => new() { "P-256", "P-384", "P-521" };

    private static ECCurve Curve(string name) => name switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    [Theory]
    [MemberData(nameof(Curves))]
    public void Ecdsa_keys_are_accepted_and_their_challenge_signature_verifies(string curve)
    {
        using var key = ECDsa.Create(Curve(curve));
        var submitted = SubmittedPublicKey.FromSpki(key.ExportSubjectPublicKeyInfo());
        // Fulcio's clients sign the challenge with SHA-256 whatever the curve.
        Assert.True(submitted.Verify(Challenge, key.SignData(Challenge, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
        Assert.False(submitted.Verify(Encoding.UTF8.GetBytes("mallory@example.com"), key.SignData(Challenge, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
        using var other = ECDsa.Create(Curve(curve));
        Assert.False(submitted.Verify(Challenge, other.SignData(Challenge, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    [InlineData(4096)]
    public void Rsa_keys_from_2048_to_4096_bits_are_accepted(int bits)
    {
        using var rsa = RSA.Create(bits);
        var submitted = SubmittedPublicKey.FromSpki(rsa.ExportSubjectPublicKeyInfo());
        Assert.Equal(bits, submitted.Bits);
        Assert.True(submitted.Verify(Challenge, rsa.SignData(Challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
    }

    [Fact]
    public void Small_rsa_and_other_curves_are_refused()
    {
        using var rsa = RSA.Create(1024);
        var e = Assert.Throws<CaRequestRejectedException>(() => SubmittedPublicKey.FromSpki(rsa.ExportSubjectPublicKeyInfo()));
        Assert.Equal(CaRejection.UnsupportedPublicKey, e.Rejection);
        using var k1 = ECDsa.Create(ECCurve.CreateFromFriendlyName("secp256k1"));
        Assert.Equal(CaRejection.UnsupportedPublicKey, Assert.Throws<CaRequestRejectedException>(() => SubmittedPublicKey.FromSpki(k1.ExportSubjectPublicKeyInfo())).Rejection);
        Assert.Throws<CaRequestRejectedException>(() => SubmittedPublicKey.FromSpki([0x30, 0x03, 0x02, 0x01, 0x01]));
    }

    [Fact]
    public void Ed25519_keys_are_accepted_and_verify_pure_signatures()
    {
        using var key = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        var spki = key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKey);
        var submitted = SubmittedPublicKey.FromSpki(spki);
        Assert.Equal(SubmittedKeyKind.Ed25519, submitted.Kind);
        var sig = NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(key, Challenge);
        Assert.True(submitted.Verify(Challenge, sig));
        sig[0] ^= 1;
        Assert.False(submitted.Verify(Challenge, sig));
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Ecdsa_csr_yields_its_key(string curve)
    {
        using var key = ECDsa.Create(Curve(curve));
        var csr = new CertificateRequest("CN=ignored", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var submitted = CertificationRequest.ReadAndVerify(csr);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), submitted.SpkiDer);
    }

    [Fact]
    public void Rsa_csr_yields_its_key()
    {
        using var rsa = RSA.Create(2048);
        var csr = new CertificateRequest("CN=x", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), CertificationRequest.ReadAndVerify(csr).SpkiDer);
    }

    [Fact]
    public void Csr_whose_signature_does_not_match_its_key_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // A CSR carrying key's public key but signed by another key.
        var request = new CertificateRequest(new X500DistinguishedName("CN=x"), new PublicKey(key), HashAlgorithmName.SHA256);
        var der = request.CreateSigningRequest(X509SignatureGenerator.CreateForECDsa(other));
        var pem = new string(PemEncoding.Write("CERTIFICATE REQUEST", der));
        var e = Assert.Throws<CaRequestRejectedException>(() => CertificationRequest.ReadAndVerify(pem));
        Assert.Equal(CaRejection.InvalidProofOfPossession, e.Rejection);
    }

    [Fact]
    public void Garbage_csr_is_a_format_error()
    {
        Assert.Throws<Signet.Core.SignetFormatException>(() => CertificationRequest.ReadAndVerify("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"));
        Assert.Throws<Signet.Core.SignetFormatException>(() => CertificationRequest.ReadAndVerify("hello"));
    }
}
