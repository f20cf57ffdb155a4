using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Core.Certificates;

/// <summary>
/// The parts of an X.509 certificate (RFC 5280 §4.1) read with <see cref="AsnReader"/> alone: the DER of
/// <c>tbsCertificate</c>, the signature algorithm (OID and DER parameters), the signature value, and the issuer and
/// subject names as DER. Used to check a signature made by an issuer we already trust without building a chain or
/// loading the certificate, and to rebuild the RFC 6962 precertificate.
/// </summary>
public sealed record X509Parts(
    ReadOnlyMemory<byte> TbsCertificate,
    string SignatureAlgorithm,
    ReadOnlyMemory<byte> SignatureAlgorithmParameters,
    byte[] Signature,
    ReadOnlyMemory<byte> IssuerName,
    ReadOnlyMemory<byte> SubjectName)
{
    /// <summary>A certificate larger than this is not a Sigstore certificate.</summary>
    public const int MaxCertificateSize = 64 * 1024;

    /// <summary>Self-issued (RFC 5280 §3.2): subject and issuer names are the same DER.</summary>
    public bool IsSelfIssued => IssuerName.Span.SequenceEqual(SubjectName.Span);

    /// <summary>
    /// Splits a DER certificate into its TBS, signature algorithm, signature and names without trusting any of it;
    /// <paramref name="what"/> names it in errors.
    /// </summary>
    public static X509Parts Parse(ReadOnlyMemory<byte> der, string what = "certificate")
    {
        if (der.Length > MaxCertificateSize)
        {
            throw new SignetFormatException($"{what}: too large ({der.Length} bytes)");
        }

        try
        {
            // RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var cert = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var tbs = cert.ReadEncodedValue();
            var alg = cert.ReadSequence();
            var oid = alg.ReadObjectIdentifier();
            var parameters = alg.HasData ? alg.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
            alg.ThrowIfNotEmpty();
            var sig = cert.ReadBitString(out var unused);
            cert.ThrowIfNotEmpty();
            if (unused != 0)
            {
                throw new SignetFormatException($"{what}: signature bit string has unused bits");
            }

            // RFC 5280 §4.1: TBSCertificate ::= SEQUENCE { version [0] EXPLICIT OPTIONAL, serialNumber, signature,
            // issuer, validity, subject, ... }
            var t = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (t.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                t.ReadEncodedValue();
            }

            t.ReadEncodedValue(); // serialNumber
            t.ReadEncodedValue(); // signature AlgorithmIdentifier
            var issuer = t.ReadEncodedValue();
            t.ReadEncodedValue(); // validity
            var subject = t.ReadEncodedValue();
            return new X509Parts(tbs, oid, parameters, sig, issuer, subject);
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"{what}: not a DER certificate ({e.Message})", e);
        }
    }

    /// <summary>
    /// Checks that <paramref name="issuer"/> made this certificate's signature (see <see cref="IssuerKey"/> for the
    /// algorithms). Unknown algorithms fail closed.
    /// </summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        using var key = IssuerKey.From(issuer);
        return IsSignedBy(key);
    }

    /// <summary>The same check with an issuer key imported once (trusted CAs keep theirs).</summary>
    public bool IsSignedBy(IssuerKey issuer) => issuer.Verifies(TbsCertificate.Span, Signature, SignatureAlgorithm, SignatureAlgorithmParameters.Span);
}
