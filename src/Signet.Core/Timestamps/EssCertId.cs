using System.Formats.Asn1;
using System.Security.Cryptography;
using Signet.Core.Asn1;

namespace Signet.Core.Timestamps;

/// <summary>
/// An ESSCertID (RFC 2634 §5.4.1, SHA-1) or ESSCertIDv2 (RFC 5816 §2.2.1, SHA-256 unless stated): the hash of the
/// signer's certificate and, optionally, its issuer's name (DER) and serial number.
/// </summary>
internal sealed record EssCertId(string HashAlgorithm, byte[] CertificateHash, ReadOnlyMemory<byte> IssuerName, ReadOnlyMemory<byte> SerialNumber)
{
    /// <summary>
    /// Reads the attribute's one value, SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2),
    /// policies OPTIONAL }, and returns its first identifier: the one of the certificate that verifies the signature.
    /// </summary>
    public static EssCertId ReadFirst(AsnReader values, bool v2)
    {
        var signingCertificate = values.ReadSequence();
        values.ThrowIfNotEmpty();
        var certs = signingCertificate.ReadSequence();
        var id = certs.ReadSequence();

        var hash = v2 ? AlgorithmOids.Sha256 : AlgorithmOids.Sha1;
        if (v2 && id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            hash = id.ReadSequence().ReadObjectIdentifier();
        }

        var certHash = id.ReadOctetString();
        ReadOnlyMemory<byte> issuer = default, serial = default;
        if (id.HasData)
        {
            // IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER }; the name is a directoryName [4].
            var issuerSerial = id.ReadSequence();
            var names = issuerSerial.ReadSequence();
            while (names.HasData)
            {
                if (names.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 4)))
                {
                    var directoryName = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4));
                    issuer = directoryName.ReadEncodedValue();
                    directoryName.ThrowIfNotEmpty();
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }

            serial = issuerSerial.ReadIntegerBytes();
            issuerSerial.ThrowIfNotEmpty();
            if (issuer.IsEmpty)
            {
                throw new AsnContentException("the ESSCertID's issuerSerial names no directoryName");
            }
        }

        id.ThrowIfNotEmpty();
        return new EssCertId(hash, certHash, issuer, serial);
    }

    /// <summary>The hash of <paramref name="certificate"/> under this identifier's algorithm; null when the algorithm is not supported.</summary>
    public byte[]? HashOf(ReadOnlySpan<byte> certificate) =>
        HashAlgorithm == AlgorithmOids.Sha1
#pragma warning disable CA5350 // RFC 2634 §5.4.1 fixes ESSCertID's hash to SHA-1: it names a certificate, it signs nothing
            ? SHA1.HashData(certificate)
#pragma warning restore CA5350
            : DigestAlgorithms.FromOid(HashAlgorithm) is { } hash ? CryptographicOperations.HashData(hash, certificate) : null;
}
