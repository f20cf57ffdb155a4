using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Certificates;
using Signet.Core.Keys;

namespace Signet.Ca.Issuance;

/// <summary>
/// The CA certificate that signs leaves and its ECDSA private key: what a signature over a TBSCertificate needs
/// (RFC 5280 §4.1.1.2 signatureAlgorithm, RFC 5758 §3.2 ecdsa-with-SHA256/384/512).
/// </summary>
public sealed class IssuingKey : IDisposable
{
    private readonly ECDsa _key;

    public IssuingKey(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
        if (!CertifiedKey.Matches(certificate, key))
        {
            throw new ArgumentException("the key is not the issuing certificate's ECDSA key");
        }

        Hash = (EllipticCurve.FromBits(key.KeySize) ?? throw new ArgumentException($"unsupported issuing key size {key.KeySize}")).Hash;
        SignatureOid = X509SignatureAlgorithm.OidOf(X509SignatureFamily.Ecdsa, Hash);
        SubjectKeyIdentifier = KeyIdentifiers.FromCertificate(certificate);
        SubjectName = certificate.SubjectName.RawData;
        SpkiDer = certificate.PublicKey.ExportSubjectPublicKeyInfo();
    }

    public X509Certificate2 Certificate { get; }

    public HashAlgorithmName Hash { get; }

    public string SignatureOid { get; }

    public byte[] SubjectKeyIdentifier { get; }

    public byte[] SubjectName { get; }

    public byte[] SpkiDer { get; }

    /// <summary>The AlgorithmIdentifier of this key's signatures (parameters absent, RFC 5758 §3.2).</summary>
    public void WriteAlgorithmIdentifier(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignatureOid);
        }
    }

    /// <summary>Signs a TBSCertificate and returns the complete Certificate DER (RFC 5280 §4.1).</summary>
    public byte[] SignCertificate(ReadOnlySpan<byte> tbs)
    {
        var signature = _key.SignData(tbs, Hash, DSASignatureFormat.Rfc3279DerSequence);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            WriteAlgorithmIdentifier(writer);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }
}
