using System.Formats.Asn1;

namespace Signet.Core.Certificates;

/// <summary>The kind of identity a Fulcio SAN carries.</summary>
public enum SubjectAlternativeNameKind
{
    /// <summary>An rfc822Name: an email address, as Fulcio issues for email identities.</summary>
    Email,

    /// <summary>
    /// A uniformResourceIdentifier: a workflow or SPIFFE URI, as Fulcio issues for CI and service identities.
    /// </summary>
    Uri,

    /// <summary>An otherName of Fulcio's username type (1.3.6.1.4.1.57264.1.7) carrying a UTF8String.</summary>
    OtherName,
}

/// <summary>One subject alternative name of a signing certificate (RFC 5280 §4.2.1.6).</summary>
public sealed record SubjectAlternativeName(SubjectAlternativeNameKind Kind, string Value)
{
    /// <summary>
    /// Reads the SAN extension value: rfc822Name [1], uniformResourceIdentifier [6], and Fulcio's otherName [0]
    /// (type-id 1.3.6.1.4.1.57264.1.7, value a UTF8String). Other name forms are skipped; at most
    /// <see cref="GeneralNames.MaxNames"/> names.
    /// </summary>
    public static IReadOnlyList<SubjectAlternativeName> ReadExtension(ReadOnlyMemory<byte> extnValue) =>
        GeneralNames.Read(extnValue, static (names, tag) =>
        {
            if (tag.TagValue == 0)
            {
                var other = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                var typeId = other.ReadObjectIdentifier();
                var explicitValue = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                return typeId == FulcioOids.OtherName
                    ? new SubjectAlternativeName(SubjectAlternativeNameKind.OtherName, explicitValue.ReadCharacterString(UniversalTagNumber.UTF8String))
                    : null;
            }

            // rfc822Name [1] and uniformResourceIdentifier [6] as the name-constraint reader reads them; the rest skipped.
            return ConstrainedName.ReadValue(names, tag) switch
            {
                { Form: ConstrainedNameForm.Email, Text: { } email } => new SubjectAlternativeName(SubjectAlternativeNameKind.Email, email),
                { Form: ConstrainedNameForm.Uri, Text: { } uri } => new SubjectAlternativeName(SubjectAlternativeNameKind.Uri, uri),
                _ => null,
            };
        });
}
