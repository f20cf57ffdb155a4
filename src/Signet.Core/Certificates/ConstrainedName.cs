using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;

namespace Signet.Core.Certificates;

/// <summary>The name forms whose constraints Signet enforces, as Go's <c>crypto/x509</c> does (RFC 5280 §4.2.1.10).</summary>
public enum ConstrainedNameForm
{
    /// <summary>dNSName [2].</summary>
    Dns,

    /// <summary>rfc822Name [1]: an e-mail address.</summary>
    Email,

    /// <summary>uniformResourceIdentifier [6]: constrained by its host.</summary>
    Uri,

    /// <summary>iPAddress [7]: four or sixteen octets.</summary>
    IpAddress,
}

/// <summary>
/// One subject alternative name of a form that name constraints govern (RFC 5280 §4.2.1.10). Other forms — Fulcio's
/// username otherName among them — are not constrained, as Go does not constrain them.
/// </summary>
/// <param name="Form">The name form.</param>
/// <param name="Value">The name as text (an IP address in its usual notation).</param>
/// <param name="Address">The octets of an <see cref="ConstrainedNameForm.IpAddress"/>; null for the other forms.</param>
public sealed record ConstrainedName(ConstrainedNameForm Form, string Value, byte[]? Address = null)
{
    /// <summary>The constrained names in <paramref name="certificate"/>'s subject alternative names (none without the extension).</summary>
    /// <param name="certificate">A certificate of a chain being checked.</param>
    /// <exception cref="SignetFormatException">The extension is malformed.</exception>
    public static IReadOnlyList<ConstrainedName> Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var san = certificate.Extensions[X509Oids.SubjectAltName];
        return san is null ? [] : Read(san.RawData);
    }

    /// <summary>The constrained names of a subject alternative name extension value (RFC 5280 §4.2.1.6 GeneralNames, at
    /// most <see cref="GeneralNames.MaxNames"/>).</summary>
    /// <param name="extnValue">The extension's value: a DER SEQUENCE of GeneralName.</param>
    /// <exception cref="SignetFormatException">It is malformed, or an iPAddress is neither 4 nor 16 octets.</exception>
    public static IReadOnlyList<ConstrainedName> Read(ReadOnlyMemory<byte> extnValue) =>
        GeneralNames.Read(extnValue, static (names, tag) => ReadValue(names, tag) switch
        {
            null => null,
            { Octets: { Length: 4 or 16 } ip } => new ConstrainedName(ConstrainedNameForm.IpAddress, new System.Net.IPAddress(ip).ToString(), ip),
            { Octets: { } ip } => throw new SignetFormatException($"certificate SAN: an iPAddress of {ip.Length} octets (RFC 5280 §4.2.1.6: 4 or 16)"),
            var v => new ConstrainedName(v.Form, v.Text!),
        });

    /// <summary>One GeneralName of a constrained form as written — the IA5String of rfc822Name [1], dNSName [2] or
    /// uniformResourceIdentifier [6], the octets of iPAddress [7] — or null after skipping any other form.</summary>
    internal static GeneralNameValue? ReadValue(AsnReader reader, Asn1Tag tag) => tag.TagValue switch
    {
        1 => new(ConstrainedNameForm.Email, reader.ReadCharacterString(UniversalTagNumber.IA5String, tag), null),
        2 => new(ConstrainedNameForm.Dns, reader.ReadCharacterString(UniversalTagNumber.IA5String, tag), null),
        6 => new(ConstrainedNameForm.Uri, reader.ReadCharacterString(UniversalTagNumber.IA5String, tag), null),
        7 when !tag.IsConstructed => new(ConstrainedNameForm.IpAddress, null, reader.ReadOctetString(tag)),
        _ => Skip(reader),
    };

    private static GeneralNameValue? Skip(AsnReader reader)
    {
        reader.ReadEncodedValue();
        return null;
    }
}

/// <summary>A GeneralName of a constrained form as written: text for the string forms, octets for iPAddress.</summary>
internal sealed record GeneralNameValue(ConstrainedNameForm Form, string? Text, byte[]? Octets);
