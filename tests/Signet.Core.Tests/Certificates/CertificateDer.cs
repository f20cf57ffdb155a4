using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Core.Tests.Certificates;

/// <summary>
/// Certificates for decoder tests: a real one made by the platform, and the same with its TBS fields or extensions
/// rewritten (the signature is kept, so only the decoding is under test).
/// </summary>
internal static class CertificateDer
{
    public const string Sample = "1.3.6.1.4.1.57264.1.8";

    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    /// <summary>A P-256 leaf with Fulcio's profile extensions (key usage, EKU, SAN, issuer, basic constraints).</summary>
    public static byte[] Leaf(bool ca = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=leaf", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress("alice@example.com");
        request.CertificateExtensions.Add(san.Build(critical: true));
        request.CertificateExtensions.Add(new X509Extension(Sample, Utf8("https://issuer.example"), false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.Parse("2026-01-01T00:00:00Z"), DateTimeOffset.Parse("2026-01-01T00:10:00Z"));
        return cert.RawData;
    }

    /// <summary>The certificate with its TBS's fields (each one DER element) replaced by what <paramref name="change"/> makes of them.</summary>
    public static byte[] WithTbs(byte[] der, Func<List<byte[]>, IEnumerable<byte[]>> change)
    {
        var cert = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = cert.ReadSequence();
        var fields = new List<byte[]>();
        while (tbs.HasData)
        {
            fields.Add(tbs.ReadEncodedValue().ToArray());
        }

        var algorithm = cert.ReadEncodedValue();
        var signature = cert.ReadEncodedValue();
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                foreach (var f in change(fields))
                {
                    w.WriteEncodedValue(f);
                }
            }

            w.WriteEncodedValue(algorithm.Span);
            w.WriteEncodedValue(signature.Span);
        }

        return w.Encode();
    }

    /// <summary>The certificate with its extensions replaced by <paramref name="extensions"/> (critical null: absent).</summary>
    public static byte[] WithExtensions(byte[] der, params (string Oid, bool? Critical, byte[] Value)[] extensions)
        => WithTbs(der, f => [.. f.Take(f.Count - 1), Extensions(extensions)]);

    /// <summary>The certificate with the extension <paramref name="oid"/>'s value replaced by <paramref name="value"/>.</summary>
    public static byte[] WithExtensionValue(byte[] der, string oid, byte[] value)
    {
        var platform = X509CertificateLoader.LoadCertificate(der);
        return WithExtensions(der, [.. platform.Extensions.Select(e => (e.Oid!.Value!, e.Critical ? true : (bool?)null, e.Oid!.Value == oid ? value : e.RawData))]);
    }

    public static byte[] Extensions(params (string Oid, bool? Critical, byte[] Value)[] extensions)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence(ExtensionsTag))
        using (w.PushSequence())
        {
            foreach (var (oid, critical, value) in extensions)
            {
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(oid);
                    if (critical is { } c)
                    {
                        w.WriteBoolean(c);
                    }

                    w.WriteOctetString(value);
                }
            }
        }

        return w.Encode();
    }

    public static byte[] Utf8(string s)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteCharacterString(UniversalTagNumber.UTF8String, s);
        return w.Encode();
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
