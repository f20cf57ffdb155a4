using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Tsa;

/// <summary>The ESS signing-certificate-v2 attribute (RFC 5035 §3) that binds a token to the TSA's certificate.</summary>
internal static class SigningCertificateV2
{
    /// <summary>
    /// Encodes the attribute value <c>SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }</c>
    /// naming <paramref name="certificate"/> by its SHA-256 hash and issuer/serial.
    /// </summary>
    public static byte[] EncodeValue(X509Certificate2 certificate)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (omitted in DER), certHash, issuerSerial }
                using (w.PushSequence())
                {
                    w.WriteOctetString(SHA256.HashData(certificate.RawData));

                    // IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
                    using (w.PushSequence())
                    {
                        using (w.PushSequence())
                        {
                            // GeneralName directoryName [4] EXPLICIT Name
                            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                            {
                                w.WriteEncodedValue(certificate.IssuerName.RawData);
                            }
                        }

                        w.WriteInteger(certificate.SerialNumberBytes.Span);
                    }
                }
            }
        }

        return w.Encode();
    }
}
