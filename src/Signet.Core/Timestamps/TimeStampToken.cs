using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using Signet.Core.Asn1;

namespace Signet.Core.Timestamps;

/// <summary>
/// An RFC 3161 TimeStampToken (§2.4.2: a CMS SignedData, RFC 5652 §5, over a TSTInfo) read with
/// <see cref="AsnReader"/> alone: no <c>SignedCms</c>, no certificate decoded, no key imported. It holds what a
/// verifier checks — the TSTInfo, the one SignerInfo's identifier, digest and signature algorithms, signed
/// attributes (content type, message digest, the ESS signing-certificate identifier) and signature, and the embedded
/// certificates as DER — and trusts none of it.
/// </summary>
internal sealed class TimeStampToken
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);

    private TimeStampToken()
    {
    }

    /// <summary>The decoded TSTInfo.</summary>
    public Rfc3161TimestampTokenInfo TokenInfo { get; private set; } = null!;

    /// <summary>The encapsulated content: the TSTInfo's DER, which the message-digest attribute hashes.</summary>
    public byte[] Content { get; private set; } = [];

    /// <summary>The certificates the token carries (RFC 5652 §5.1 <c>certificates</c>, plain certificates only), as DER.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; private set; } = [];

    /// <summary>The signer identifier's issuer name (DER) when it is an IssuerAndSerialNumber; empty otherwise.</summary>
    public ReadOnlyMemory<byte> SignerIssuer { get; private set; }

    /// <summary>The signer identifier's serial number (INTEGER contents) when it is an IssuerAndSerialNumber.</summary>
    public ReadOnlyMemory<byte> SignerSerial { get; private set; }

    /// <summary>The signer identifier's subject key identifier when it is one (RFC 5652 §5.3 [0]); empty otherwise.</summary>
    public ReadOnlyMemory<byte> SignerKeyIdentifier { get; private set; }

    /// <summary>The SignerInfo's digestAlgorithm OID.</summary>
    public string DigestAlgorithm { get; private set; } = "";

    /// <summary>The SignerInfo's signatureAlgorithm OID.</summary>
    public string SignatureAlgorithm { get; private set; } = "";

    /// <summary>The signatureAlgorithm's parameters (DER), empty when absent.</summary>
    public ReadOnlyMemory<byte> SignatureAlgorithmParameters { get; private set; }

    /// <summary>The signature value.</summary>
    public byte[] Signature { get; private set; } = [];

    /// <summary>
    /// The signed attributes as the signature covers them (RFC 5652 §5.4: the DER with the universal SET OF tag);
    /// null when the SignerInfo has none.
    /// </summary>
    public byte[]? SignedAttributes { get; private set; }

    /// <summary>The content-type attribute's value, null when absent.</summary>
    public string? ContentType { get; private set; }

    /// <summary>The message-digest attribute's value, null when absent.</summary>
    public byte[]? MessageDigest { get; private set; }

    /// <summary>The first ESSCertID of a signing-certificate attribute (RFC 2634 §5.4), SHA-1; null when absent.</summary>
    public EssCertId? SigningCertificate { get; private set; }

    /// <summary>The first ESSCertIDv2 of a signing-certificate-v2 attribute (RFC 5816 §2.2.1); null when absent.</summary>
    public EssCertId? SigningCertificateV2 { get; private set; }

    /// <summary>Reads a bare TimeStampToken (ContentInfo); <paramref name="what"/> names it in errors.</summary>
    /// <exception cref="SignetFormatException">The token is not a CMS SignedData over a TSTInfo with one SignerInfo.</exception>
    public static TimeStampToken Read(ReadOnlyMemory<byte> token, string what)
    {
        try
        {
            return ReadContentInfo(token, what);
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"{what}: not an RFC 3161 TimeStampToken ({e.Message})", e);
        }
    }

    private static TimeStampToken ReadContentInfo(ReadOnlyMemory<byte> der, string what)
    {
        // RFC 5652 §3: ContentInfo ::= SEQUENCE { contentType, [0] EXPLICIT content }
        var outer = new AsnReader(der, AsnEncodingRules.BER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != CmsOids.SignedData)
        {
            throw new SignetFormatException($"{what}: not a CMS SignedData (RFC 3161 §2.4.2)");
        }

        var explicitContent = contentInfo.ReadSequence(Context0);
        contentInfo.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        // RFC 5652 §5.1: SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
        // certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET OF SignerInfo }
        var t = new TimeStampToken();
        signedData.ReadIntegerBytes();
        signedData.ReadSetOf();
        t.ReadEncapsulatedContent(signedData.ReadSequence(), what);

        var certificates = new List<ReadOnlyMemory<byte>>();
        if (signedData.PeekTag().HasSameClassAndValue(Context0))
        {
            var set = signedData.ReadSetOf(Context0);
            while (set.HasData)
            {
                // CertificateChoices: only a plain Certificate (a SEQUENCE) can be the signer's; the others are skipped.
                var isCertificate = set.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence);
                var encoded = set.ReadEncodedValue();
                if (isCertificate)
                {
                    certificates.Add(encoded);
                }
            }
        }

        t.Certificates = certificates;
        if (signedData.PeekTag().HasSameClassAndValue(Context1))
        {
            signedData.ReadEncodedValue();
        }

        var signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        if (!signerInfos.HasData)
        {
            throw new SignetFormatException($"{what}: the TimeStampToken has no SignerInfo (RFC 3161 §2.4.1)");
        }

        var signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
        {
            throw new SignetFormatException($"{what}: the TimeStampToken has more than one SignerInfo (RFC 3161 §2.4.1)");
        }

        t.ReadSignerInfo(signerInfo, what);
        return t;
    }

    /// <summary>RFC 5652 §5.2: EncapsulatedContentInfo ::= SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }.</summary>
    private void ReadEncapsulatedContent(AsnReader encap, string what)
    {
        if (encap.ReadObjectIdentifier() != CmsOids.TstInfo)
        {
            throw new SignetFormatException($"{what}: the signed content is not a TSTInfo (RFC 3161 §2.4.2)");
        }

        if (!encap.HasData)
        {
            throw new SignetFormatException($"{what}: the TSTInfo is detached, not encapsulated (RFC 3161 §2.4.2)");
        }

        var wrapper = encap.ReadSequence(Context0);
        encap.ThrowIfNotEmpty();
        Content = wrapper.ReadOctetString();
        wrapper.ThrowIfNotEmpty();
        if (!Rfc3161TimestampTokenInfo.TryDecode(Content, out var info, out var read) || read != Content.Length)
        {
            throw new SignetFormatException($"{what}: the signed content is not a DER TSTInfo (RFC 3161 §2.4.2)");
        }

        TokenInfo = info;
    }

    /// <summary>
    /// RFC 5652 §5.3: SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
    /// signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL }.
    /// </summary>
    private void ReadSignerInfo(AsnReader si, string what)
    {
        si.ReadIntegerBytes();

        // SignerIdentifier ::= CHOICE { issuerAndSerialNumber, subjectKeyIdentifier [0] }
        if (si.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var ias = si.ReadSequence();
            SignerIssuer = ias.ReadEncodedValue();
            SignerSerial = ias.ReadIntegerBytes();
            ias.ThrowIfNotEmpty();
        }
        else
        {
            SignerKeyIdentifier = si.ReadOctetString(Context0);
        }

        var digest = si.ReadSequence();
        DigestAlgorithm = digest.ReadObjectIdentifier();

        if (si.PeekTag().HasSameClassAndValue(Context0))
        {
            var encoded = si.ReadEncodedValue();
            ReadSignedAttributes(new AsnReader(encoded, AsnEncodingRules.BER).ReadSetOf(Context0), what);
            var covered = encoded.ToArray();
            covered[0] = 0x31; // §5.4: the signature covers the attributes under their universal SET OF tag
            SignedAttributes = covered;
        }

        var algorithm = si.ReadSequence();
        SignatureAlgorithm = algorithm.ReadObjectIdentifier();
        SignatureAlgorithmParameters = algorithm.HasData ? algorithm.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
        algorithm.ThrowIfNotEmpty();
        Signature = si.ReadOctetString();
        if (si.HasData)
        {
            si.ReadSetOf(Context1);
        }

        si.ThrowIfNotEmpty();
    }

    /// <summary>
    /// RFC 5652 §5.3 and §11: content-type and message-digest each at most once with one value; the first
    /// identifier of a signing-certificate (v1 or v2) attribute names the signer's certificate.
    /// </summary>
    private void ReadSignedAttributes(AsnReader attributes, string what)
    {
        while (attributes.HasData)
        {
            var attribute = attributes.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            attribute.ThrowIfNotEmpty();
            switch (type)
            {
                case CmsOids.ContentType:
                    ContentType = ContentType is null ? values.ReadObjectIdentifier() : throw Repeated(what, "content-type");
                    values.ThrowIfNotEmpty();
                    break;
                case CmsOids.MessageDigest:
                    MessageDigest = MessageDigest is null ? values.ReadOctetString() : throw Repeated(what, "message-digest");
                    values.ThrowIfNotEmpty();
                    break;
                case CmsOids.SigningCertificate:
                    SigningCertificate = SigningCertificate is null ? EssCertId.ReadFirst(values, v2: false) : throw Repeated(what, "signing-certificate");
                    break;
                case CmsOids.SigningCertificateV2:
                    SigningCertificateV2 = SigningCertificateV2 is null ? EssCertId.ReadFirst(values, v2: true) : throw Repeated(what, "signing-certificate-v2");
                    break;
            }
        }
    }

    private static SignetFormatException Repeated(string what, string attribute)
        => new($"{what}: the TimeStampToken's signed attributes hold more than one {attribute} attribute (RFC 5652 §11)");
}
