using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;

namespace Signet.Ca.Issuance;

/// <summary>Key identifiers per RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bytes.</summary>
public static class KeyIdentifiers
{
    public static byte[] FromSpki(ReadOnlySpan<byte> spkiDer)
    {
        try
        {
            var reader = new AsnReader(spkiDer.ToArray(), AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            spki.ReadSequence(); // algorithm
            var key = spki.ReadBitString(out _);
            spki.ThrowIfNotEmpty();
#pragma warning disable CA5350 // RFC 5280 §4.2.1.2 defines the key identifier with SHA-1; it is an identifier, not a security hash.
            return SHA1.HashData(key);
#pragma warning restore CA5350
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException("public key: SubjectPublicKeyInfo is not DER", e);
        }
    }

    /// <summary>The certificate's own SKI extension if present, else computed from its key.</summary>
    public static byte[] FromCertificate(X509Certificate2 certificate)
    {
        foreach (var ext in certificate.Extensions)
        {
            if (ext is X509SubjectKeyIdentifierExtension ski && ski.SubjectKeyIdentifierBytes.Length > 0)
            {
                return ski.SubjectKeyIdentifierBytes.ToArray();
            }
        }

        return FromSpki(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }
}
