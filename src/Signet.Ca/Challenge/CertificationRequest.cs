using System.Formats.Asn1;
using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Core.Encoding;

namespace Signet.Ca.Challenge;

/// <summary>
/// A PKCS#10 certificate signing request (RFC 2986 §4): its subject public key, and proof that the holder of the
/// private key signed it. Fulcio accepts a CSR instead of a challenge signature (how-certificate-issuing-works.md).
/// </summary>
public static class CertificationRequest
{
    /// <summary>Reads a PEM CSR and verifies its self-signature; returns the key it certifies.</summary>
    public static SubmittedPublicKey ReadAndVerify(string pem)
    {
        byte[] der;
        try
        {
            var fields = PemEncoding.Find(pem);
            var label = pem[fields.Label];
            if (label is not (PemLabels.CertificateRequest or PemLabels.NewCertificateRequest))
            {
                throw Invalid($"CSR: PEM label is '{label}', not CERTIFICATE REQUEST");
            }

            der = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (ArgumentException e)
        {
            throw Invalid("CSR: not PEM", e);
        }

        byte[] info, signature;
        string algorithm;
        byte[] spki;
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var req = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            info = req.ReadEncodedValue().ToArray();
            var alg = req.ReadSequence();
            algorithm = alg.ReadObjectIdentifier();
            signature = req.ReadBitString(out _);
            req.ThrowIfNotEmpty();

            var infoReader = new AsnReader(info, AsnEncodingRules.DER).ReadSequence();
            if (!infoReader.TryReadInt32(out var version) || version != 0)
            {
                throw Invalid("CSR: version is not 1");
            }

            infoReader.ReadEncodedValue(); // subject (ignored: the certificate subject is always empty)
            spki = infoReader.ReadEncodedValue().ToArray();
        }
        catch (AsnContentException e)
        {
            throw Invalid("CSR: not DER", e);
        }

        var key = SubmittedPublicKey.FromSpki(spki);
        // RFC 8410 §3 id-Ed25519 signs without a separate hash; the others name theirs.
        (X509SignatureFamily Family, HashAlgorithmName Hash)? signed = algorithm == AlgorithmOids.Ed25519 ? null : X509SignatureAlgorithm.Of(algorithm)
            ?? throw new CaRequestRejectedException(CaRejection.InvalidProofOfPossession, $"CSR: signature algorithm {algorithm} is not supported");
        var matches = (signed?.Family, key.Kind) switch
        {
            (X509SignatureFamily.Ecdsa, SubmittedKeyKind.EcdsaP256 or SubmittedKeyKind.EcdsaP384 or SubmittedKeyKind.EcdsaP521) => true,
            (X509SignatureFamily.RsaPkcs1, SubmittedKeyKind.Rsa) => true,
            (null, SubmittedKeyKind.Ed25519) => true,
            _ => false,
        };
        if (!matches || !key.Verify(info, signature, signed?.Hash))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidProofOfPossession, "CSR: the signature does not verify with the requested key");
        }

        return key;
    }

    private static SignetFormatException Invalid(string message, Exception? inner = null) => inner is null ? new(message) : new(message, inner);
}
