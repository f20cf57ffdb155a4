namespace Signet.Ca.Identity;

/// <summary>The kinds of Subject Alternative Name Fulcio issues (certificate-specification.md, "Issued Certificate").</summary>
public enum SanKind
{
    /// <summary>rfc822Name.</summary>
    Email,

    /// <summary>uniformResourceIdentifier.</summary>
    Uri,

    /// <summary>otherName with type id 1.3.6.1.4.1.57264.1.7 and a UTF8String value (username identities).</summary>
    OtherName,
}

/// <summary>One Sigstore extension to put into the certificate: DER UTF8String (.8 on) or raw bytes (.1–.6).</summary>
public sealed record IdentityExtension(string Oid, string Value, bool DerEncoded);

/// <summary>
/// The principal (Fulcio <c>pkg/identity.Principal</c>): what a verified token says about its holder, in certificate
/// terms: the one SAN, the issuer (.8) and the other extensions, plus the challenge the proof of possession must sign.
/// </summary>
public sealed record Principal(
    SanKind SanKind,
    string SanValue,
    string Issuer,
    IReadOnlyList<IdentityExtension> Extensions,
    string Challenge);
