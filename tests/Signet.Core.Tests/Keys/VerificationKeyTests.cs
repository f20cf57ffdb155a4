using System.Security.Cryptography;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Keys;

public sealed class VerificationKeyTests
{
    private static readonly byte[] Message = "in-toto statement"u8.ToArray();

    public static TheoryData<string, string, int> EcdsaCurves => new()
    {
        { "P-256", nameof(SigningAlgorithm.PkixEcdsaP256Sha256), 256 },
        { "P-384", nameof(SigningAlgorithm.PkixEcdsaP384Sha384), 384 },
        { "P-521", nameof(SigningAlgorithm.PkixEcdsaP521Sha512), 521 },
    };

    private static ECCurve Curve(string name) => name switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    [Theory]
    [MemberData(nameof(EcdsaCurves))]
    public void Ecdsa_keys_verify_der_signatures_over_data_and_digest(string curve, string algorithm, int bits)
    {
        using var ecdsa = ECDsa.Create(Curve(curve));
        var key = VerificationKey.FromSpki(ecdsa.ExportSubjectPublicKeyInfo());
        var alg = Enum.Parse<SigningAlgorithm>(algorithm);
        Assert.Equal(alg, key.DefaultAlgorithm);
        Assert.Equal(bits, ecdsa.KeySize);
        var hash = SigningAlgorithms.HashOf(alg);
        var sig = ecdsa.SignData(Message, hash, DSASignatureFormat.Rfc3279DerSequence);
        Assert.True(key.Verify(Message, sig));
        Assert.True(key.Verify(Message, sig, alg));
        Assert.True(key.VerifyDigest(HashData(hash, Message), hash, sig));
        Assert.False(key.Verify("other"u8, sig));
        Assert.False(key.Verify(Message, Tamper(sig)));
        Assert.False(key.VerifyDigest(HashData(hash, "other"u8.ToArray()), hash, sig));
        // IEEE P1363 (r||s) is not what Sigstore sends: it must not verify as DER.
        Assert.False(key.Verify(Message, ecdsa.SignData(Message, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        Assert.False(key.Verify(Message, []));
    }

    [Fact]
    public void Deprecated_p384_with_sha256_verifies_when_asked_for()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var key = VerificationKey.FromSpki(ecdsa.ExportSubjectPublicKeyInfo());
        var sig = ecdsa.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.True(key.Verify(Message, sig, SigningAlgorithm.PkixEcdsaP384Sha256));
        Assert.False(key.Verify(Message, sig));
    }

    [Fact]
    public void A_key_from_another_ecdsa_key_rejects_the_signature()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var sig = a.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.False(VerificationKey.FromSpki(b.ExportSubjectPublicKeyInfo()).Verify(Message, sig));
    }

    public static TheoryData<int> RsaSizes => new() { 2048, 3072, 4096 };

    [Theory]
    [MemberData(nameof(RsaSizes))]
    public void Rsa_keys_verify_pkcs1v15_and_pss(int size)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "keys", $"rsa-{size}.pem")));
        Assert.Equal(size, rsa.KeySize);
        var key = VerificationKey.FromSpki(rsa.ExportSubjectPublicKeyInfo());
        var pkcs1 = rsa.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var pss = rsa.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        var pssAlg = size switch { 2048 => SigningAlgorithm.PkixRsaPss_2048Sha256, 3072 => SigningAlgorithm.PkixRsaPss_3072Sha256, _ => SigningAlgorithm.PkixRsaPss_4096Sha256 };
        Assert.Equal(size switch { 2048 => SigningAlgorithm.PkixRsaPkcs1v15_2048Sha256, 3072 => SigningAlgorithm.PkixRsaPkcs1v15_3072Sha256, _ => SigningAlgorithm.PkixRsaPkcs1v15_4096Sha256 }, key.DefaultAlgorithm);
        Assert.True(key.Verify(Message, pkcs1));
        Assert.True(key.Verify(Message, pss, pssAlg));
        Assert.False(key.Verify(Message, pss));
        Assert.False(key.Verify(Message, pkcs1, pssAlg));
        Assert.False(key.Verify(Message, Tamper(pkcs1)));
        Assert.True(key.VerifyDigest(SHA256.HashData(Message), HashAlgorithmName.SHA256, pkcs1));
        Assert.True(key.VerifyDigest(SHA256.HashData(Message), HashAlgorithmName.SHA256, pss, pssAlg));
    }

    [Fact]
    public void Rsa_sizes_outside_the_registry_are_refused()
    {
        using var rsa = RSA.Create(1024);
        Assert.Contains("1024 bits", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(rsa.ExportSubjectPublicKeyInfo())).Message);
    }

    // RFC 8032 §7.1 TEST 1 (empty message) and TEST 2.
    [Theory]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Ed25519_verifies_rfc8032_vectors(string publicKey, string message, string signature)
    {
        var key = VerificationKey.FromSpki(Ed25519Spki(Hex.Decode(publicKey, "pk")));
        Assert.Equal(SigningAlgorithm.PkixEd25519, key.DefaultAlgorithm);
        Assert.Equal(KeyKind.Ed25519, key.Kind);
        Assert.Equal(key.SpkiDer, VerificationKey.FromEd25519(Hex.Decode(publicKey, "pk")).SpkiDer);
        Assert.Equal(Hex.Decode(publicKey, "pk"), key.Ed25519Raw.ToArray());
        var msg = Hex.Decode(message, "msg");
        var sig = Hex.Decode(signature, "sig");
        Assert.True(key.Verify(msg, sig));
        Assert.False(key.Verify(msg, Tamper(sig)));
        Assert.False(key.Verify([.. msg, 0], sig));
        Assert.False(key.Verify(msg, sig.AsSpan(0, 63)));
        Assert.Throws<NotSupportedException>(() => key.VerifyDigest(new byte[64], HashAlgorithmName.SHA512, sig));
    }

    [Fact]
    public void Ed25519ph_verifies_with_the_same_public_key_bytes()
    {
        using var key = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519ph);
        var sig = NSec.Cryptography.SignatureAlgorithm.Ed25519ph.Sign(key, Message);
        var vk = VerificationKey.FromSpki(Ed25519Spki(key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey)));
        Assert.True(vk.Verify(Message, sig, SigningAlgorithm.PkixEd25519Ph));
        Assert.False(vk.Verify(Message, sig));
    }

    [Fact]
    public void An_algorithm_for_another_key_kind_is_refused()
    {
        using var k = SigningKey.GenerateEd25519();
        var e = Assert.Throws<SignetFormatException>(() => k.PublicKey.Verify(Message, new byte[64], SigningAlgorithm.PkixEcdsaP256Sha256));
        Assert.Contains("PKIX_ECDSA_P256_SHA_256 cannot be used", e.Message);
    }

    [Fact]
    public void A_digest_of_the_wrong_length_is_refused()
    {
        using var k = SigningKey.GenerateEcdsaP256();
        Assert.Contains("32 bytes", Assert.Throws<SignetFormatException>(() => k.PublicKey.VerifyDigest(new byte[31], HashAlgorithmName.SHA256, new byte[70])).Message);
    }

    [Fact]
    public void Pem_and_certificate_forms_give_the_same_key()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = ecdsa.ExportSubjectPublicKeyInfo();
        Assert.Equal(spki, VerificationKey.FromPem(ecdsa.ExportSubjectPublicKeyInfoPem()).SpkiDer);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test", ecdsa, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(1));
        Assert.Equal(spki, VerificationKey.FromCertificate(cert).SpkiDer);
        Assert.Equal(spki, VerificationKey.FromPem(VerificationKey.FromSpki(spki).ToPem()).SpkiDer);
    }

    [Fact]
    public void Malformed_spki_is_a_format_error()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var good = ecdsa.ExportSubjectPublicKeyInfo();
        Assert.Contains("empty", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki([])).Message);
        Assert.Contains("malformed", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(good.AsSpan(0, good.Length - 1))).Message);
        Assert.Contains("malformed", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki([.. good, 0])).Message);
        Assert.Contains("malformed", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki([0x30, 0x82, 0xff, 0xff])).Message);
        Assert.Contains("exceeds the limit", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(new byte[5000])).Message);
        // Point not on the curve: flip a byte of the X coordinate.
        var offCurve = (byte[])good.Clone();
        offCurve[^10] ^= 0x01;
        Assert.IsType<SignetFormatException>(Record.Exception(() => VerificationKey.FromSpki(offCurve)));
        // secp256k1 is not a Sigstore curve.
        using var k1 = ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.10"));
        Assert.Contains("unsupported elliptic curve", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(k1.ExportSubjectPublicKeyInfo())).Message);
        Assert.Contains("Ed25519 key must be 32 bytes", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(Ed25519Spki(new byte[31]))).Message);
        Assert.Contains("Ed25519 key must be 32 bytes", Assert.Throws<SignetFormatException>(() => VerificationKey.FromEd25519(new byte[33])).Message);
        Assert.Contains("no 'PUBLIC KEY' block", Assert.Throws<SignetFormatException>(() => VerificationKey.FromPem(Pem.Encode("CERTIFICATE", good))).Message);
    }

    internal static byte[] Ed25519Spki(byte[] raw) => [0x30, (byte)(raw.Length + 10), 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, (byte)(raw.Length + 1), 0x00, .. raw];

    private static byte[] HashData(HashAlgorithmName hash, byte[] data) =>
        hash == HashAlgorithmName.SHA256 ? SHA256.HashData(data) : hash == HashAlgorithmName.SHA384 ? SHA384.HashData(data) : SHA512.HashData(data);

    internal static byte[] Tamper(byte[] sig)
    {
        var copy = (byte[])sig.Clone();
        copy[copy.Length / 2] ^= 0x40;
        return copy;
    }
}
