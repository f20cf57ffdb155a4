using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Asn1;

/// <summary>The one home of each OID agrees with the platform's names, and each mapping table reads both ways.</summary>
public sealed class OidTablesTests
{
    [Theory]
    [InlineData(AlgorithmOids.Sha1, "sha1")]
    [InlineData(AlgorithmOids.Sha256, "sha256")]
    [InlineData(AlgorithmOids.Sha384, "sha384")]
    [InlineData(AlgorithmOids.Sha512, "sha512")]
    [InlineData(AlgorithmOids.EcPublicKey, "ECC")]
    [InlineData(AlgorithmOids.RsaEncryption, "RSA")]
    [InlineData(AlgorithmOids.EcdsaWithSha256, "sha256ECDSA")]
    [InlineData(AlgorithmOids.EcdsaWithSha384, "sha384ECDSA")]
    [InlineData(AlgorithmOids.EcdsaWithSha512, "sha512ECDSA")]
    [InlineData(AlgorithmOids.Sha256WithRsaEncryption, "sha256RSA")]
    [InlineData(AlgorithmOids.Sha384WithRsaEncryption, "sha384RSA")]
    [InlineData(AlgorithmOids.Sha512WithRsaEncryption, "sha512RSA")]
    [InlineData(AlgorithmOids.P256, "nistP256")]
    [InlineData(AlgorithmOids.P384, "nistP384")]
    [InlineData(AlgorithmOids.P521, "nistP521")]
    [InlineData(X509Oids.CodeSigningEku, "Code Signing")]
    [InlineData(X509Oids.TimeStampingEku, "Time Stamping")]
    [InlineData(X509Oids.OrganizationName, "O")]
    public void Constants_are_the_platforms_oids(string oid, string friendlyName)
        => Assert.Equal(oid, Oid.FromFriendlyName(friendlyName, OidGroup.All).Value);

    [Fact]
    public void Extension_and_attribute_constants_are_the_platforms()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ski = new X509SubjectKeyIdentifierExtension(new PublicKey(key), false);
        Assert.Equal(X509Oids.SubjectKeyIdentifier, ski.Oid!.Value);
        Assert.Equal(X509Oids.KeyUsage, new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true).Oid!.Value);
        Assert.Equal(X509Oids.SubjectAltName, new SubjectAlternativeNameBuilder().Build().Oid!.Value);
        Assert.Equal(X509Oids.BasicConstraints, new X509BasicConstraintsExtension(false, false, 0, true).Oid!.Value);
        Assert.Equal(X509Oids.AuthorityKeyIdentifier, X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski).Oid!.Value);
        Assert.Equal(X509Oids.ExtendedKeyUsage, new X509EnhancedKeyUsageExtension([], false).Oid!.Value);
        Assert.Equal(CmsOids.ContentType, new Pkcs9ContentType().Oid!.Value);
        Assert.Equal(CmsOids.MessageDigest, new Pkcs9MessageDigest().Oid!.Value);
    }

    [Fact]
    public void Digest_table_reads_both_ways()
    {
        foreach (var (hash, length) in new[] { (HashAlgorithmName.SHA256, 32), (HashAlgorithmName.SHA384, 48), (HashAlgorithmName.SHA512, 64) })
        {
            Assert.Equal(hash, DigestAlgorithms.FromOid(DigestAlgorithms.OidOf(hash)));
            Assert.Equal(length, DigestAlgorithms.LengthOf(hash));
            Assert.Equal(length, CryptographicOperations.HashData(hash, [1, 2, 3]).Length);
        }

        Assert.Null(DigestAlgorithms.FromOid(AlgorithmOids.Sha1));
        Assert.Null(DigestAlgorithms.FromOid(null));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigestAlgorithms.OidOf(HashAlgorithmName.SHA1));
        Assert.Throws<SignetFormatException>(() => DigestAlgorithms.LengthOf(HashAlgorithmName.MD5));
    }

    [Fact]
    public void Signature_algorithm_table_reads_both_ways()
    {
        foreach (var family in new[] { X509SignatureFamily.Ecdsa, X509SignatureFamily.RsaPkcs1 })
        {
            foreach (var hash in new[] { HashAlgorithmName.SHA256, HashAlgorithmName.SHA384, HashAlgorithmName.SHA512 })
            {
                var oid = X509SignatureAlgorithm.OidOf(family, hash);
                Assert.Equal((family, hash), X509SignatureAlgorithm.Of(oid));
                Assert.Equal(hash, X509SignatureAlgorithm.HashOf(oid));
            }
        }

        Assert.Null(X509SignatureAlgorithm.Of(AlgorithmOids.Ed25519));
        Assert.Null(X509SignatureAlgorithm.Of(AlgorithmOids.RsaPss));
        Assert.Throws<ArgumentOutOfRangeException>(() => X509SignatureAlgorithm.OidOf(X509SignatureFamily.Ecdsa, HashAlgorithmName.SHA1));
    }

    [Fact]
    public void Curve_table_reads_every_way_and_matches_the_platform()
    {
        Assert.Equal([KeyKind.EcdsaP256, KeyKind.EcdsaP384, KeyKind.EcdsaP521], EllipticCurve.All.Select(c => c.Kind));
        foreach (var curve in EllipticCurve.All)
        {
            Assert.Same(curve, EllipticCurve.FromOid(curve.Oid));
            Assert.Same(curve, EllipticCurve.Of(curve.Kind));
            Assert.Same(curve, EllipticCurve.FromBits(curve.Bits));
            using var key = ECDsa.Create(curve.Curve);
            Assert.Equal(curve.Bits, key.KeySize);
            Assert.Equal(curve.CoordinateBytes, key.ExportParameters(false).Q.X!.Length);
            var publicKey = VerificationKey.FromSpki(key.ExportSubjectPublicKeyInfo());
            Assert.Equal(curve.Kind, publicKey.Kind);
            Assert.Equal(curve.Hash, SigningAlgorithms.HashOf(publicKey.DefaultAlgorithm));
        }

        Assert.Null(EllipticCurve.FromOid("1.3.132.0.10")); // secp256k1
        Assert.Null(EllipticCurve.FromOid(null));
        Assert.Null(EllipticCurve.FromBits(255));
        Assert.Throws<ArgumentOutOfRangeException>(() => EllipticCurve.Of(KeyKind.Ed25519));
    }
}
