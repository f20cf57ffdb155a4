using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Bundles;
using Signet.Core.Verification;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Timestamp authorities with certificates shaped by each test (EKU, basic constraints, key usage, validity) and
/// RFC 3161 tokens they sign, built with the platform's CMS writer.
/// </summary>
internal static class TimestampChainFactory
{
    public static readonly DateTimeOffset GenTime = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";

    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";

    /// <summary>A self-signed CA valid a year around <see cref="GenTime"/> (or as given).</summary>
    public static X509Certificate2 SelfSignedCa(string name, DateTimeOffset? notAfter = null, X509Extension? extra = null, int? pathLength = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={name}, O=signet-tests", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, pathLength is not null, pathLength ?? 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        if (extra is not null)
        {
            req.CertificateExtensions.Add(extra);
        }

        return req.CreateSelfSigned(GenTime.AddYears(-1), notAfter ?? GenTime.AddYears(1));
    }

    /// <summary>A certificate with a key for <paramref name="subject"/> issued by <paramref name="issuer"/> (which holds its key).</summary>
    public static X509Certificate2 Issue(
        X509Certificate2 issuer,
        string subject,
        IEnumerable<X509Extension> extensions,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={subject}, O=signet-tests", key, HashAlgorithmName.SHA256);
        foreach (var e in extensions)
        {
            req.CertificateExtensions.Add(e);
        }

        // The generator overload: the platform would refuse an issuer that is not a CA, and some tests need one.
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        using var issued = req.Create(
            issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore ?? GenTime.AddDays(-30), notAfter ?? GenTime.AddDays(30), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>RFC 3161 §2.3's profile: end entity, digitalSignature, the critical timeStamping EKU alone.</summary>
    /// <summary>An intermediate CA's extensions, with an extended key usage when <paramref name="ekus"/> are given.</summary>
    public static X509Extension[] IntermediateCa(params string[] ekus)
    {
        X509Extension[] ca = [new X509BasicConstraintsExtension(true, false, 0, true), new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true)];
        return ekus.Length == 0 ? ca : [.. ca, Eku(false, ekus)];
    }

    public static X509Extension[] TsaProfile() =>
    [
        new X509BasicConstraintsExtension(false, false, 0, true),
        new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true),
        Eku(true, TimeStamping),
    ];

    /// <summary>An extension no verifier knows (a private-enterprise arc), critical or not; its value is an empty SEQUENCE.</summary>
    public static X509Extension Unknown(bool critical) => new("1.3.6.1.4.1.55555.1", [0x30, 0x00], critical);

    public static X509EnhancedKeyUsageExtension Eku(bool critical, params string[] oids)
    {
        var collection = new OidCollection();
        foreach (var o in oids)
        {
            collection.Add(new Oid(o));
        }

        return new X509EnhancedKeyUsageExtension(collection, critical);
    }

    /// <summary>A trusted-root timestamp authority whose chain is <paramref name="chain"/> (first certificate first).</summary>
    public static TrustedCertificateAuthority Authority(params X509Certificate2[] chain) => TrustedCertificateAuthority.From(
        new CertificateAuthority(new DistinguishedName("signet-tests", "tsa"), "https://tsa.fixture.test", [.. chain.Select(c => c.RawData)], new TimeRange(GenTime.AddYears(-1), null), null),
        "timestampAuthorities[0]");

    /// <summary>A TimeStampToken over SHA-256(<paramref name="signature"/>) at <see cref="GenTime"/> signed by <paramref name="signer"/>.</summary>
    public static byte[] Token(X509Certificate2 signer, byte[] signature, bool embedSigner)
        => Token(signer, signature, embedSigner, SubjectIdentifierType.IssuerAndSerialNumber, SigningCertificateV2(signer));

    /// <summary>
    /// The same token with the signer identified by <paramref name="identifier"/> and <paramref name="essCertIdV2"/>
    /// as its signing-certificate-v2 attribute (none when null).
    /// </summary>
    public static byte[] Token(X509Certificate2 signer, byte[] signature, bool embedSigner, SubjectIdentifierType identifier, byte[]? essCertIdV2)
    {
        // A positive INTEGER with no redundant leading byte (DER, X.690 §8.3.2): the encoder refuses a serial whose
        // first nine bits agree, which a bare random draw produces once in 256.
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        var info = new Rfc3161TimestampTokenInfo(
            new Oid("1.3.6.1.4.1.57264.2"), new Oid("2.16.840.1.101.3.4.2.1"), SHA256.HashData(signature), serial, GenTime);
        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), info.Encode()));
        var cmsSigner = new CmsSigner(identifier, signer)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = embedSigner ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        if (essCertIdV2 is not null)
        {
            cmsSigner.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", essCertIdV2));
        }

        cms.ComputeSignature(cmsSigner);
        return cms.Encode();
    }

    // RFC 5816 §2.2.1: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, hashAlgorithm SHA-256 by default.
    public static byte[] SigningCertificateV2(X509Certificate2 signer)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence())
        using (w.PushSequence())
        {
            w.WriteOctetString(SHA256.HashData(signer.RawData));
        }

        return w.Encode();
    }
}
