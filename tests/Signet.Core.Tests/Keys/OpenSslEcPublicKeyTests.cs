using System.Formats.Asn1;
using System.Security.Cryptography;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Keys;

/// <summary>
/// The ECDSA import through OpenSSL's provider (<see cref="OpenSslEcPublicKey"/>): used wherever .NET runs on OpenSSL 3,
/// the same keys as .NET's import, and every invalid point refused (SEC 1 v2 §3.2.2.1).
/// </summary>
public sealed class OpenSslEcPublicKeyTests
{
    private static readonly byte[] Message = "hashedrekord artifact"u8.ToArray();

    public static TheoryData<string> Curves => new() { "P-256", "P-384", "P-521" };

    [Fact]
    public void The_provider_route_is_used_where_dotnet_runs_on_openssl_3()
    {
        // On this project's Linux machines .NET runs on OpenSSL 3: the tests below then exercise the provider import,
        // not .NET's fallback.
        var openSsl3 = OperatingSystem.IsLinux() && (SafeEvpPKeyHandle.OpenSslVersion >> 28) == 3;
        Assert.Equal(openSsl3, OpenSslEcPublicKey.IsAvailable);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void The_imported_key_is_the_point_and_verifies_like_dotnets_import(string curve)
    {
        using var signer = ECDsa.Create(Curve(curve));
        var spki = signer.ExportSubjectPublicKeyInfo();
        var (kind, point) = ReadPoint(spki);
        var hash = kind == KeyKind.EcdsaP256 ? HashAlgorithmName.SHA256 : kind == KeyKind.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA512;
        var sig = signer.SignData(Message, hash, DSASignatureFormat.Rfc3279DerSequence);
        using var imported = OpenSslEcPublicKey.TryImport(kind, point);
        if (imported is not null)
        {
            Assert.Equal(spki, imported.ExportSubjectPublicKeyInfo());
            Assert.True(imported.VerifyData(Message, sig, hash, DSASignatureFormat.Rfc3279DerSequence));
            Assert.False(imported.VerifyData("other"u8, sig, hash, DSASignatureFormat.Rfc3279DerSequence));
        }

        var key = VerificationKey.FromSpki(spki);
        Assert.True(key.Verify(Message, sig));
        Assert.False(key.Verify(Message, VerificationKeyTests.Tamper(sig)));
        Assert.True(key.VerifyDigest(hash == HashAlgorithmName.SHA256 ? SHA256.HashData(Message) : hash == HashAlgorithmName.SHA384 ? SHA384.HashData(Message) : SHA512.HashData(Message), hash, sig));
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void A_point_off_the_curve_is_refused(string curve)
    {
        using var signer = ECDsa.Create(Curve(curve));
        var (kind, point) = ReadPoint(signer.ExportSubjectPublicKeyInfo());
        point[^1] ^= 0x01; // y changed: y² ≠ x³ − 3x + b
        Assert.Contains("does not import", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(Spki(curve, point))).Message);
        if (OpenSslEcPublicKey.IsAvailable)
        {
            Assert.Throws<CryptographicException>(() => OpenSslEcPublicKey.TryImport(kind, point));
        }
    }

    [Fact]
    public void A_coordinate_outside_the_field_is_refused()
    {
        // P-256's prime p as x (SEC 1 v2 §3.2.2.1 step 2: x and y must be in [0, p − 1]); y from a real key.
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, point) = ReadPoint(signer.ExportSubjectPublicKeyInfo());
        var p = Convert.FromHexString("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        p.CopyTo(point, 1);
        Assert.IsType<SignetFormatException>(Record.Exception(() => VerificationKey.FromSpki(Spki("P-256", point))));
    }

    [Fact]
    public void Only_an_uncompressed_point_of_the_curves_size_is_accepted()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, point) = ReadPoint(signer.ExportSubjectPublicKeyInfo());
        byte[] compressed = [(byte)(0x02 | (point[^1] & 1)), .. point.AsSpan(1, 32)];
        Assert.Contains("uncompressed", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(Spki("P-256", compressed))).Message);
        Assert.Contains("uncompressed", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(Spki("P-256", [0x00]))).Message); // infinity
        Assert.Contains("uncompressed", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(Spki("P-384", point))).Message); // a P-256 point
        Assert.Contains("uncompressed", Assert.Throws<SignetFormatException>(() => VerificationKey.FromSpki(Spki("P-256", [0x06, .. point.AsSpan(1)]))).Message); // hybrid
    }

    [Fact]
    public void Concurrent_verifications_import_further_instances_the_same_way()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = VerificationKey.FromSpki(signer.ExportSubjectPublicKeyInfo());
        var sig = signer.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var bad = VerificationKeyTests.Tamper(sig);
        var results = new bool[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = key.Verify(Message, i % 2 == 0 ? sig : bad));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0, results[i]);
        }
    }

    [Fact]
    public void A_key_whose_native_instances_were_released_imports_again()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = VerificationKey.FromSpki(signer.ExportSubjectPublicKeyInfo());
        var sig = signer.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.True(key.Verify(Message, sig));
        key.ReleaseNativeKeys();
        Assert.True(key.Verify(Message, sig));
        Assert.False(key.Verify(Message, VerificationKeyTests.Tamper(sig)));
        key.ReleaseNativeKeys();
        key.ReleaseNativeKeys();
        Assert.True(key.VerifyDigest(SHA256.HashData(Message), HashAlgorithmName.SHA256, sig));
    }

    private static ECCurve Curve(string name) => name switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    private static (KeyKind Kind, byte[] Point) ReadPoint(byte[] spki)
    {
        var r = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
        var curve = r.ReadSequence();
        curve.ReadObjectIdentifier();
        var kind = curve.ReadObjectIdentifier() switch
        {
            "1.2.840.10045.3.1.7" => KeyKind.EcdsaP256,
            "1.3.132.0.34" => KeyKind.EcdsaP384,
            _ => KeyKind.EcdsaP521,
        };
        return (kind, r.ReadBitString(out _));
    }

    /// <summary>RFC 5480 §2: SubjectPublicKeyInfo { id-ecPublicKey, namedCurve } with <paramref name="point"/> as the key.</summary>
    private static byte[] Spki(string curve, byte[] point)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier("1.2.840.10045.2.1");
                w.WriteObjectIdentifier(curve switch { "P-256" => "1.2.840.10045.3.1.7", "P-384" => "1.3.132.0.34", _ => "1.3.132.0.35" });
            }

            w.WriteBitString(point);
        }

        return w.Encode();
    }
}
