using System.Formats.Asn1;
using Signet.Core.Asn1;

namespace Signet.Core.Certificates;

/// <summary>
/// RFC 6962 §3.2: the TBSCertificate a CT log signed for a precertificate is the final certificate's TBS with the
/// embedded SCT list extension removed (the poison extension was never in the final certificate).
/// </summary>
public static class Precertificate
{
    /// <summary>The final certificate's TBSCertificate without the embedded SCT list (what its SCTs signed).</summary>
    /// <param name="tbsCertificate">The final certificate's TBSCertificate (DER).</param>
    public static byte[] TbsWithoutSctList(ReadOnlyMemory<byte> tbsCertificate) => TbsWithout(tbsCertificate, SctListOidDer);

    /// <summary>The DER of the extnID 1.3.6.1.4.1.11129.2.4.2 (<see cref="X509Oids.SctList"/>).</summary>
    private static ReadOnlySpan<byte> SctListOidDer => [0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xD6, 0x79, 0x02, 0x04, 0x02];

    private static byte[] TbsWithout(ReadOnlyMemory<byte> tbsCertificate, ReadOnlySpan<byte> extensionOid)
    {
        try
        {
            var reader = new AsnReader(tbsCertificate, AsnEncodingRules.DER);
            var tbs = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            // The result is never longer than the input: one buffer, no regrowth.
            var w = new AsnWriter(AsnEncodingRules.DER, initialCapacity: tbsCertificate.Length);
            using (w.PushSequence())
            {
                var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
                while (tbs.HasData)
                {
                    if (tbs.PeekTag() != extensionsTag)
                    {
                        w.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                        continue;
                    }

                    // RFC 5280 §4.1: extensions [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension
                    var explicitExt = tbs.ReadSequence(extensionsTag);
                    var exts = explicitExt.ReadSequence();
                    explicitExt.ThrowIfNotEmpty();
                    using (w.PushSequence(extensionsTag))
                    using (w.PushSequence())
                    {
                        while (exts.HasData)
                        {
                            // The extension's extnID compared as DER bytes: no OID string per extension.
                            var raw = exts.PeekEncodedValue();
                            var ext = exts.ReadSequence();
                            if (!ext.PeekEncodedValue().Span.SequenceEqual(extensionOid))
                            {
                                w.WriteEncodedValue(raw.Span);
                            }
                        }
                    }
                }
            }

            return w.Encode();
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"certificate: TBSCertificate is malformed ({e.Message})", e);
        }
    }
}
