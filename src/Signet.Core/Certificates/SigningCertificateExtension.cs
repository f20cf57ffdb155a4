using System.Formats.Asn1;

namespace Signet.Core.Certificates;

/// <summary>
/// One extension of a signing certificate (RFC 5280 §4.1: <c>Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER,
/// critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }</c>); <see cref="Value"/> is the content of
/// <c>extnValue</c>. Read by the verifier (<see cref="ReadAll"/>) and written by the CA (<see cref="WriteTo"/>).
/// </summary>
/// <param name="Oid">The extension's object identifier in dotted form.</param>
/// <param name="Critical">Whether the certificate marks it critical.</param>
/// <param name="Value">The DER the extension carries (the content of the <c>extnValue</c> OCTET STRING).</param>
public sealed record SigningCertificateExtension(string Oid, bool Critical, ReadOnlyMemory<byte> Value)
{
    /// <summary>A certificate with more extensions than this is not a Sigstore certificate.</summary>
    public const int MaxCount = 64;

    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    /// <summary>Writes the extension in DER: <c>critical</c> only when true (X.690 §11.5, DEFAULT FALSE).</summary>
    /// <param name="writer">A DER writer positioned inside the extensions' SEQUENCE.</param>
    public void WriteTo(AsnWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oid);
            if (Critical)
            {
                writer.WriteBoolean(true);
            }

            writer.WriteOctetString(Value.Span);
        }
    }

    /// <summary>
    /// Reads <c>extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension</c> in strict DER: at least one extension,
    /// each at most once (RFC 5280 §4.2), <c>critical</c> absent rather than an explicit FALSE (X.690 §11.5, DEFAULT).
    /// </summary>
    internal static IReadOnlyList<SigningCertificateExtension> ReadAll(AsnReader tbs, string what)
    {
        var outer = tbs.ReadSequence(ExtensionsTag);
        var sequence = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var list = new List<SigningCertificateExtension>();
        while (sequence.HasData)
        {
            if (list.Count == MaxCount)
            {
                throw new SignetFormatException($"{what}: more than {MaxCount} extensions");
            }

            var e = sequence.ReadSequence();
            var oid = e.ReadObjectIdentifier();
            var critical = false;
            if (e.HasData && e.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                critical = e.ReadBoolean();
                if (!critical)
                {
                    throw new SignetFormatException($"{what}: extension {oid} encodes the default critical FALSE (not DER)");
                }
            }

            if (!e.TryReadPrimitiveOctetString(out var value))
            {
                throw new SignetFormatException($"{what}: extension {oid} value is not a primitive OCTET STRING");
            }

            e.ThrowIfNotEmpty();
            foreach (var seen in list)
            {
                if (seen.Oid == oid)
                {
                    throw new SignetFormatException($"{what}: extension {oid} appears more than once (RFC 5280 §4.2)");
                }
            }

            list.Add(new SigningCertificateExtension(oid, critical, value));
        }

        if (list.Count == 0)
        {
            throw new SignetFormatException($"{what}: an empty extensions list (RFC 5280 §4.1 requires at least one)");
        }

        return list;
    }
}
