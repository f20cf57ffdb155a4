using System.Formats.Asn1;
using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Certificates;

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
            if (label is not ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"))
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
        HashAlgorithmName? hash = algorithm == "1.3.101.112" ? null : X509SignatureAlgorithm.HashOf(algorithm)
            ?? throw new CaRequestRejectedException(CaRejection.InvalidProofOfPossession, $"CSR: signature algorithm {algorithm} is not supported");
        var family = algorithm.StartsWith("1.2.840.10045.", StringComparison.Ordinal) ? "ec" : algorithm.StartsWith("1.2.840.113549.", StringComparison.Ordinal) ? "rsa" : "ed25519";
        var matches = (family, key.Kind) switch
        {
            ("ec", SubmittedKeyKind.EcdsaP256 or SubmittedKeyKind.EcdsaP384 or SubmittedKeyKind.EcdsaP521) => true,
            ("rsa", SubmittedKeyKind.Rsa) => true,
            ("ed25519", SubmittedKeyKind.Ed25519) => true,
            _ => false,
        };
        if (!matches || !key.Verify(info, signature, hash))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidProofOfPossession, "CSR: the signature does not verify with the requested key");
        }

        return key;
    }

    private static SignetFormatException Invalid(string message, Exception? inner = null) => inner is null ? new(message) : new(message, inner);
}
