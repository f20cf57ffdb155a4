using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Ca.Identity;
using Signet.Core.Asn1;
using Signet.Core.Certificates;

namespace Signet.Ca.Issuance;

/// <summary>
/// Everything of a leaf certificate except the final extension (CT poison or SCT list): the TBSCertificate of the
/// precertificate and of the final certificate differ only there (RFC 6962 §3.1), so both are written from one template.
/// Fields follow Fulcio docs/certificate-specification.md "Issued Certificate".
/// </summary>
public sealed class LeafCertificateTemplate
{
    private readonly IssuingKey _issuer;
    private readonly IReadOnlyList<SigningCertificateExtension> _extensions;

    public LeafCertificateTemplate(IssuingKey issuer, BigInteger serial, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] subjectPublicKeyInfo, Principal identity)
    {
        _issuer = issuer;
        Serial = serial;
        NotBefore = notBefore;
        NotAfter = notAfter;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        _extensions = BuildExtensions(issuer, subjectPublicKeyInfo, identity);
    }

    public BigInteger Serial { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>A positive 160-bit serial: 20 random bytes with the sign bit cleared and the next bit set (always 20 DER bytes).</summary>
    public static BigInteger NewSerial()
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        bytes[0] = (byte)((bytes[0] & 0x7F) | 0x40);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>The TBSCertificate (RFC 5280 §4.1) with <paramref name="final"/> appended as the last extension.</summary>
    public byte[] WriteTbs(SigningCertificateExtension final)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                w.WriteInteger(2); // v3
            }

            w.WriteInteger(Serial);
            _issuer.WriteAlgorithmIdentifier(w);
            w.WriteEncodedValue(_issuer.SubjectName);
            using (w.PushSequence())
            {
                WriteTime(w, NotBefore);
                WriteTime(w, NotAfter);
            }

            using (w.PushSequence())
            {
                // An empty subject (certificate-specification.md: "Specify an empty Subject").
            }

            w.WriteEncodedValue(SubjectPublicKeyInfo);
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true)))
            using (w.PushSequence())
            {
                foreach (var e in _extensions)
                {
                    e.WriteTo(w);
                }

                final.WriteTo(w);
            }
        }

        return w.Encode();
    }

    /// <summary>RFC 6962 §3.1: the precertificate's poison extension, critical, value ASN.1 NULL.</summary>
    public static SigningCertificateExtension Poison { get; } = new(X509Oids.PrecertificatePoison, true, new byte[] { 0x05, 0x00 });

    // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
    private static void WriteTime(AsnWriter w, DateTimeOffset t)
    {
        if (t.Year < 2050)
        {
            w.WriteUtcTime(t);
        }
        else
        {
            w.WriteGeneralizedTime(t, omitFractionalSeconds: true);
        }
    }

    private static List<SigningCertificateExtension> BuildExtensions(IssuingKey issuer, byte[] spki, Principal identity)
    {
        var list = new List<SigningCertificateExtension>(8 + identity.Extensions.Count)
        {
            new(X509Oids.KeyUsage, true, new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true).RawData),
            new(X509Oids.ExtendedKeyUsage, false, new X509EnhancedKeyUsageExtension([new Oid(X509Oids.CodeSigningEku)], critical: false).RawData),
            new(X509Oids.SubjectKeyIdentifier, false, OctetString(KeyIdentifiers.FromSpki(spki))),
            new(X509Oids.AuthorityKeyIdentifier, false, AuthorityKeyIdentifier(issuer.SubjectKeyIdentifier)),
            new(X509Oids.SubjectAltName, true, SubjectAlternativeName(identity.SanKind, identity.SanValue)),
        };
        foreach (var e in identity.Extensions)
        {
            // docs/oid-info.md "Extension values": .1–.6 raw bytes, .8 onwards a DER UTF8String.
            list.Add(new(e.Oid, false, e.DerEncoded ? Utf8String(e.Value) : Encoding.UTF8.GetBytes(e.Value)));
        }

        return list;
    }

    private static byte[] OctetString(byte[] value)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteOctetString(value);
        return w.Encode();
    }

    private static byte[] Utf8String(string value)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteCharacterString(UniversalTagNumber.UTF8String, value);
        return w.Encode();
    }

    // RFC 5280 §4.2.1.1: AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }.
    private static byte[] AuthorityKeyIdentifier(byte[] keyId)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteOctetString(keyId, new Asn1Tag(TagClass.ContextSpecific, 0));
        }

        return w.Encode();
    }

    // RFC 5280 §4.2.1.6: GeneralNames with exactly one name.
    internal static byte[] SubjectAlternativeName(SanKind kind, string value)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            switch (kind)
            {
                case SanKind.Email:
                    w.WriteCharacterString(UniversalTagNumber.IA5String, value, new Asn1Tag(TagClass.ContextSpecific, 1));
                    break;
                case SanKind.Uri:
                    w.WriteCharacterString(UniversalTagNumber.IA5String, value, new Asn1Tag(TagClass.ContextSpecific, 6));
                    break;
                case SanKind.OtherName:
                    // otherName [0] { type-id 1.3.6.1.4.1.57264.1.7, value [0] EXPLICIT UTF8String } (docs/oid-info.md .7).
                    using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        w.WriteObjectIdentifier(FulcioOids.OtherName);
                        using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                        {
                            w.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                        }
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind));
            }
        }

        return w.Encode();
    }
}
