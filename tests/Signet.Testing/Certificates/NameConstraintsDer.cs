using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;

namespace Signet.Testing.Certificates;

/// <summary>
/// Builds RFC 5280 §4.2.1.10 nameConstraints values from short subtree descriptions: <c>dns:example.com</c>,
/// <c>email:example.com</c>, <c>uri:.example.com</c>, <c>ip:10.0.0.0/8</c>, <c>dir:CN=x</c> (a directoryName),
/// <c>iphex:0A000000FF</c> (raw octets), and a <c>max:</c> prefix for a subtree with a maximum distance.
/// </summary>
public static class NameConstraintsDer
{
    public static byte[] Value(string[]? permitted = null, string[]? excluded = null)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            Subtrees(w, 0, permitted);
            Subtrees(w, 1, excluded);
        }

        return w.Encode();
    }

    public static X509Extension Extension(bool critical, string[]? permitted = null, string[]? excluded = null) =>
        new(X509Oids.NameConstraints, Value(permitted, excluded), critical);

    private static void Subtrees(AsnWriter w, int tag, string[]? subtrees)
    {
        if (subtrees is null)
        {
            return;
        }

        using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, tag, isConstructed: true)))
        {
            foreach (var s in subtrees)
            {
                var bounded = s.StartsWith("max:", StringComparison.Ordinal);
                var d = bounded ? s[4..] : s;
                using (w.PushSequence())
                {
                    Base(w, d[..d.IndexOf(':')], d[(d.IndexOf(':') + 1)..]);
                    if (bounded)
                    {
                        w.WriteInteger(1, new Asn1Tag(TagClass.ContextSpecific, 1));
                    }
                }
            }
        }
    }

    private static void Base(AsnWriter w, string form, string value)
    {
        switch (form)
        {
            case "email":
                w.WriteCharacterString(UniversalTagNumber.IA5String, value, new Asn1Tag(TagClass.ContextSpecific, 1));
                break;
            case "dns":
                w.WriteCharacterString(UniversalTagNumber.IA5String, value, new Asn1Tag(TagClass.ContextSpecific, 2));
                break;
            case "uri":
                w.WriteCharacterString(UniversalTagNumber.IA5String, value, new Asn1Tag(TagClass.ContextSpecific, 6));
                break;
            case "ip":
                var slash = value.IndexOf('/');
                var address = IPAddress.Parse(value[..slash]).GetAddressBytes();
                var prefix = int.Parse(value[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                var mask = new byte[address.Length];
                for (var i = 0; i < prefix; i++)
                {
                    mask[i / 8] |= (byte)(0x80 >> (i % 8));
                }

                w.WriteOctetString([.. address, .. mask], new Asn1Tag(TagClass.ContextSpecific, 7));
                break;
            case "iphex":
                w.WriteOctetString(Convert.FromHexString(value), new Asn1Tag(TagClass.ContextSpecific, 7));
                break;
            case "dir":
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                {
                    w.WriteEncodedValue(new X500DistinguishedName(value).RawData);
                }

                break;
            default:
                throw new ArgumentException($"unknown subtree form '{form}'", nameof(form));
        }
    }
}
