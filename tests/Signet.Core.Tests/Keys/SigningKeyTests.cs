using System.Security.Cryptography;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Keys;

public sealed class SigningKeyTests
{
    private static readonly byte[] Message = "artifact bytes"u8.ToArray();

    public static TheoryData<string> Generators => new() { "ecdsa-p256", "ed25519" };

    private static SigningKey Generate(string kind) => kind == "ed25519" ? SigningKey.GenerateEd25519() : SigningKey.GenerateEcdsaP256();

    [Theory]
    [MemberData(nameof(Generators))]
    public void Generated_keys_sign_and_their_public_key_verifies(string kind)
    {
        using var key = Generate(kind);
        Assert.Equal(kind == "ed25519" ? SigningAlgorithm.PkixEd25519 : SigningAlgorithm.PkixEcdsaP256Sha256, key.Algorithm);
        var sig = key.Sign(Message);
        Assert.True(key.PublicKey.Verify(Message, sig));
        Assert.False(key.PublicKey.Verify("tampered"u8, sig));
        Assert.False(key.PublicKey.Verify(Message, VerificationKeyTests.Tamper(sig)));
        using var other = Generate(kind);
        Assert.False(other.PublicKey.Verify(Message, sig));
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void Pkcs8_export_and_import_keep_the_key(string kind)
    {
        using var key = Generate(kind);
        using var again = SigningKey.FromPkcs8(key.ExportPkcs8());
        Assert.Equal(key.PublicKey.SpkiDer, again.PublicKey.SpkiDer);
        Assert.True(key.PublicKey.Verify(Message, again.Sign(Message)));
        using var fromPem = SigningKey.FromPem(Pem.Encode("PRIVATE KEY", key.ExportPkcs8()));
        Assert.Equal(key.PublicKey.SpkiDer, fromPem.PublicKey.SpkiDer);
    }

    [Fact]
    public void Ecdsa_digest_signing_matches_data_verification()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var sig = key.SignDigest(SHA256.HashData(Message));
        Assert.True(key.PublicKey.Verify(Message, sig));
        using var ed = SigningKey.GenerateEd25519();
        Assert.Equal((SigningAlgorithm.PkixEd25519Ph, HashAlgorithmName.SHA512), (ed.DigestAlgorithm, ed.DigestHash));
        Assert.Throws<ArgumentException>(() => ed.SignDigest(SHA256.HashData(Message)));
        Assert.True(ed.PublicKey.Verify(Message, ed.SignDigest(SHA512.HashData(Message)), SigningAlgorithm.PkixEd25519Ph));
    }

    [Fact]
    public void Rsa_and_other_curves_import_from_openssl_style_pkcs8()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "keys", "rsa-2048.pem")));
        using var rsaKey = SigningKey.FromPkcs8(rsa.ExportPkcs8PrivateKey());
        Assert.Equal(SigningAlgorithm.PkixRsaPkcs1v15_2048Sha256, rsaKey.Algorithm);
        Assert.True(rsaKey.PublicKey.Verify(Message, rsaKey.Sign(Message)));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p384Key = SigningKey.FromPkcs8(p384.ExportPkcs8PrivateKey());
        Assert.Equal(SigningAlgorithm.PkixEcdsaP384Sha384, p384Key.Algorithm);
        Assert.True(p384Key.PublicKey.Verify(Message, p384Key.Sign(Message)));
    }

    [Fact]
    public void Encrypted_pkcs8_round_trips_with_pbes2_aes256()
    {
        using var key = Generate("ecdsa-p256");
        var pem = key.ExportEncryptedPkcs8Pem("correct horse");
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem);
        using var again = SigningKey.ImportEncryptedPkcs8Pem(pem, "correct horse");
        Assert.Equal(key.PublicKey.SpkiDer, again.PublicKey.SpkiDer);
        Assert.True(key.PublicKey.Verify(Message, again.Sign(Message)));

        // The written parameters are the promised ones: PBES2, PBKDF2 with 600,000 iterations, AES-256-CBC.
        var der = Pem.Decode(pem, "ENCRYPTED PRIVATE KEY");
        var asn = Convert.ToHexString(der);
        Assert.Contains(Convert.ToHexString([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d]), asn); // PBES2
        Assert.Contains(Convert.ToHexString([0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a]), asn); // aes256-CBC
        Assert.Contains(Convert.ToHexString([0x02, 0x03, 0x09, 0x27, 0xc0]), asn); // INTEGER 600000
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void Encrypted_pkcs8_of_each_kind_round_trips_and_a_wrong_password_is_a_typed_error(string kind)
    {
        // Fewer PBKDF2 iterations than the public export (600,000, tested above) to keep the suite fast.
        using var key = Generate(kind);
        var pem = EncryptedPkcs8.Encrypt(key.ExportPkcs8(), "right", iterations: 1000);
        using var again = SigningKey.ImportEncryptedPkcs8Pem(pem, "right");
        Assert.Equal(key.PublicKey.SpkiDer, again.PublicKey.SpkiDer);
        Assert.Throws<KeyPasswordException>(() => SigningKey.ImportEncryptedPkcs8Pem(pem, "wrong"));
        Assert.Throws<KeyPasswordException>(() => SigningKey.ImportEncryptedPkcs8Pem(pem, ""));
        Assert.Contains("password is needed", Assert.Throws<SignetFormatException>(() => SigningKey.FromPem(pem)).Message);
        Assert.Throws<ArgumentException>(() => key.ExportEncryptedPkcs8Pem(""));
    }

    [Fact]
    public void Weak_or_absurd_encryption_parameters_are_refused()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var pkcs8 = System.Security.Cryptography.Pkcs.Pkcs8PrivateKeyInfo.Decode(key.ExportPkcs8(), out _);
        var pbes1 = pkcs8.Encrypt("pw", new PbeParameters(PbeEncryptionAlgorithm.TripleDes3KeyPkcs12, HashAlgorithmName.SHA1, 2048));
        Assert.Contains("not PBES2", Assert.Throws<SignetFormatException>(() => SigningKey.ImportEncryptedPkcs8Pem(Pem.Encode("ENCRYPTED PRIVATE KEY", pbes1), "pw")).Message);
        // A real-looking PBES2 structure asking for 20,000,000 iterations: refused before any key derivation.
        var huge = HugeIterationPbes2();
        Assert.Contains("iteration count", Assert.Throws<SignetFormatException>(() => SigningKey.ImportEncryptedPkcs8Pem(Pem.Encode("ENCRYPTED PRIVATE KEY", huge), "pw")).Message);
        Assert.Contains("malformed", Assert.Throws<SignetFormatException>(() => SigningKey.ImportEncryptedPkcs8Pem(Pem.Encode("ENCRYPTED PRIVATE KEY", [0x30, 0x03, 0x02, 0x01, 0x00]), "pw")).Message);
    }

    private static byte[] HugeIterationPbes2()
    {
        var w = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier("1.2.840.113549.1.5.13");
                using (w.PushSequence())
                {
                    using (w.PushSequence())
                    {
                        w.WriteObjectIdentifier("1.2.840.113549.1.5.12");
                        using (w.PushSequence())
                        {
                            w.WriteOctetString(new byte[16]);
                            w.WriteInteger(20_000_000);
                        }
                    }

                    using (w.PushSequence())
                    {
                        w.WriteObjectIdentifier("2.16.840.1.101.3.4.1.42");
                        w.WriteOctetString(new byte[16]);
                    }
                }
            }

            w.WriteOctetString(new byte[48]);
        }

        return w.Encode();
    }

    [Fact]
    public void Malformed_pkcs8_is_a_format_error()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var good = key.ExportPkcs8();
        Assert.Contains("malformed PKCS#8", Assert.Throws<SignetFormatException>(() => SigningKey.FromPkcs8(good.AsSpan(0, good.Length - 3))).Message);
        Assert.Contains("PKCS#8 must be", Assert.Throws<SignetFormatException>(() => SigningKey.FromPkcs8([])).Message);
        Assert.Contains("PKCS#8 must be", Assert.Throws<SignetFormatException>(() => SigningKey.FromPkcs8(new byte[9000])).Message);
        Assert.IsType<SignetFormatException>(Record.Exception(() => SigningKey.FromPkcs8([.. good, 0])));
        Assert.Contains("no 'PRIVATE KEY' block", Assert.Throws<SignetFormatException>(() => SigningKey.FromPem(Pem.Encode("PUBLIC KEY", good))).Message);
    }
}
