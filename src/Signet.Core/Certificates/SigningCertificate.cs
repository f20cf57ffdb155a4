using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Keys;

namespace Signet.Core.Certificates;

/// <summary>
/// A signing certificate read in strict DER with <see cref="AsnReader"/> alone (RFC 5280 §4.1), for the checks a
/// verifier makes on it: its signature (<see cref="Parts"/>), validity, public key, extensions (each at most once) and
/// the decoded profile extensions — without building the platform's certificate object, which costs as much as a
/// signature check. The key is imported only when asked for (<see cref="ImportKey"/>).
/// </summary>
public sealed class SigningCertificate
{
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag IssuerUniqueIdTag = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag SubjectUniqueIdTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    private SigningCertificate()
    {
    }

    /// <summary>The certificate's DER, as given.</summary>
    public byte[] Der { get; private init; } = [];

    /// <summary>The TBS, signature algorithm, signature and names, for checking the issuer's signature.</summary>
    public X509Parts Parts { get; private init; } = null!;

    /// <summary>The start of the validity period (RFC 5280 §4.1.2.5), in UTC.</summary>
    public DateTimeOffset NotBefore { get; private init; }

    /// <summary>The end of the validity period (RFC 5280 §4.1.2.5), in UTC.</summary>
    public DateTimeOffset NotAfter { get; private init; }

    /// <summary>The DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; private init; }

    /// <summary>The extensions in certificate order; empty for a v1 or v2 certificate.</summary>
    public IReadOnlyList<SigningCertificateExtension> Extensions { get; private init; } = [];

    /// <summary>Basic constraints say the subject is a CA (false when the extension is absent).</summary>
    public bool IsCertificateAuthority { get; private init; }

    /// <summary>The key usage bits, or null when the extension is absent.</summary>
    public X509KeyUsageFlags? KeyUsage { get; private init; }

    /// <summary>The extended key usage purposes (dotted OIDs), or null when the extension is absent.</summary>
    public IReadOnlyList<string>? ExtendedKeyUsages { get; private init; }

    /// <summary>The extension <paramref name="oid"/>, or null when the certificate has none.</summary>
    public SigningCertificateExtension? Find(string oid) => Find(Extensions, oid);

    /// <summary>RFC 5280 §4.1.2.5: the validity period contains <paramref name="t"/> (both ends inclusive).</summary>
    public bool IsValidAt(DateTimeOffset t) => t >= NotBefore && t <= NotAfter;

    /// <summary>Imports the certificate's public key (every kind <see cref="VerificationKey.FromSpki"/> accepts).</summary>
    public VerificationKey ImportKey() => VerificationKey.FromSpki(SubjectPublicKeyInfo.Span);

    /// <summary>
    /// Reads a DER certificate of at most <see cref="X509Parts.MaxCertificateSize"/> bytes; <paramref name="what"/>
    /// names it in errors. Refused: anything but DER, trailing bytes, a version other than v2 or v3 stated (v1 is
    /// the absent DEFAULT), an inner signature algorithm that differs from the outer one, unique identifiers in a v1
    /// certificate, extensions outside v3, malformed names or times, and malformed, repeated or non-DER extensions.
    /// </summary>
    /// <exception cref="SignetFormatException">The certificate is malformed.</exception>
    public static SigningCertificate Decode(byte[] der, string what)
    {
        ArgumentNullException.ThrowIfNull(der);
        var parts = X509Parts.Parse(der, what);
        try
        {
            // RFC 5280 §4.1: TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, serialNumber,
            // signature, issuer, validity, subject, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
            // subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT OPTIONAL }
            var t = new AsnReader(parts.TbsCertificate, AsnEncodingRules.DER).ReadSequence();
            var version = ReadVersion(t, what);
            t.ReadIntegerBytes(); // serialNumber: DER makes it a minimal INTEGER
            CheckSignatureAlgorithm(t.ReadSequence(), parts, what);
            ReadName(t);
            var validity = t.ReadSequence();
            var notBefore = ReadTime(validity);
            var notAfter = ReadTime(validity);
            validity.ThrowIfNotEmpty();
            ReadName(t);
            var spki = t.ReadEncodedValue();
            if (!new AsnReader(spki, AsnEncodingRules.DER).PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                throw new SignetFormatException($"{what}: subjectPublicKeyInfo is not a SEQUENCE");
            }

            // §4.1.2.8: unique identifiers only in v2 and v3; §4.1.2.9: extensions only in v3.
            foreach (var tag in (ReadOnlySpan<Asn1Tag>)[IssuerUniqueIdTag, SubjectUniqueIdTag])
            {
                if (t.HasData && t.PeekTag().HasSameClassAndValue(tag))
                {
                    _ = version >= 2 ? t.ReadBitString(out _, tag) : throw new SignetFormatException($"{what}: a unique identifier in a v1 certificate");
                }
            }

            IReadOnlyList<SigningCertificateExtension> extensions = [];
            if (t.HasData && t.PeekTag().HasSameClassAndValue(ExtensionsTag))
            {
                extensions = version == 3 ? SigningCertificateExtension.ReadAll(t, what) : throw new SignetFormatException($"{what}: extensions in a v{version} certificate");
            }

            t.ThrowIfNotEmpty();
            var (isCertificateAuthority, keyUsage, extendedKeyUsages) = ReadProfile(extensions, what);
            return new SigningCertificate
            {
                Der = der,
                Parts = parts,
                NotBefore = notBefore,
                NotAfter = notAfter,
                SubjectPublicKeyInfo = spki,
                Extensions = extensions,
                IsCertificateAuthority = isCertificateAuthority,
                KeyUsage = keyUsage,
                ExtendedKeyUsages = extendedKeyUsages,
            };
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"{what}: not a DER certificate ({e.Message})", e);
        }
    }

    private static SigningCertificateExtension? Find(IReadOnlyList<SigningCertificateExtension> extensions, string oid)
    {
        foreach (var e in extensions)
        {
            if (e.Oid == oid)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>The profile extensions (RFC 5280 §4.2.1.3, §4.2.1.9, §4.2.1.12), each decoded strictly when present.</summary>
    private static (bool IsCertificateAuthority, X509KeyUsageFlags? KeyUsage, IReadOnlyList<string>? ExtendedKeyUsages) ReadProfile(
        IReadOnlyList<SigningCertificateExtension> extensions, string what)
    {
        try
        {
            return (
                Find(extensions, X509Oids.BasicConstraints) is { } bc && CertificateProfileExtensions.ReadBasicConstraints(bc.Value),
                Find(extensions, X509Oids.KeyUsage) is { } ku ? CertificateProfileExtensions.ReadKeyUsage(ku.Value) : null,
                Find(extensions, X509Oids.ExtendedKeyUsage) is { } eku ? CertificateProfileExtensions.ReadExtendedKeyUsage(eku.Value) : null);
        }
        catch (SignetFormatException e)
        {
            throw new SignetFormatException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>§4.1.2.1: 1, 2 or 3 (encoded 0–2); an explicit v1 is not DER (DEFAULT, X.690 §11.5).</summary>
    private static int ReadVersion(AsnReader tbs, string what)
    {
        if (!tbs.PeekTag().HasSameClassAndValue(VersionTag))
        {
            return 1;
        }

        var explicitVersion = tbs.ReadSequence(VersionTag);
        if (!explicitVersion.TryReadInt32(out var v) || v is not (1 or 2))
        {
            throw new SignetFormatException($"{what}: version is not v2 or v3 (an explicit v1 is not DER)");
        }

        explicitVersion.ThrowIfNotEmpty();
        return v + 1;
    }

    /// <summary>§4.1.2.3: the TBS's signature field MUST be the same algorithm identifier as signatureAlgorithm.</summary>
    private static void CheckSignatureAlgorithm(AsnReader alg, X509Parts parts, string what)
    {
        var oid = alg.ReadObjectIdentifier();
        var parameters = alg.HasData ? alg.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
        alg.ThrowIfNotEmpty();
        if (oid != parts.SignatureAlgorithm || !parameters.Span.SequenceEqual(parts.SignatureAlgorithmParameters.Span))
        {
            throw new SignetFormatException($"{what}: the TBS signature algorithm differs from the certificate's signatureAlgorithm");
        }
    }

    /// <summary>§4.1.2.4: Name ::= SEQUENCE OF RelativeDistinguishedName (SET SIZE (1..MAX) OF AttributeTypeAndValue).</summary>
    private static void ReadName(AsnReader tbs)
    {
        var name = tbs.ReadSequence();
        while (name.HasData)
        {
            var rdn = name.ReadSetOf();
            if (!rdn.HasData)
            {
                throw new AsnContentException("an empty RelativeDistinguishedName");
            }

            while (rdn.HasData)
            {
                var attribute = rdn.ReadSequence();
                attribute.ReadObjectIdentifier();
                attribute.ReadEncodedValue();
                attribute.ThrowIfNotEmpty();
            }
        }
    }

    /// <summary>§4.1.2.5: Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }, in DER (Zulu, seconds).</summary>
    private static DateTimeOffset ReadTime(AsnReader validity)
        => validity.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? validity.ReadUtcTime() : validity.ReadGeneralizedTime();
}
