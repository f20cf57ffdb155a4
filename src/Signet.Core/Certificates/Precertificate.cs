using System.Formats.Asn1;

namespace Signet.Core.Certificates;

/// <summary>
/// RFC 6962 §3.2: the TBSCertificate a CT log signed for a precertificate is the final certificate's TBS with the
/// embedded SCT list extension removed (the poison extension was never in the final certificate).
/// </summary>
public static class Precertificate
{
    /// <summary>The final certificate's TBSCertificate without the embedded SCT list (what its SCTs signed).</summary>
    /// <param name="tbsCertificate">The final certificate's TBSCertificate (DER).</param>
    public static byte[] TbsWithoutSctList(ReadOnlyMemory<byte> tbsCertificate) => TbsWithout(tbsCertificate, FulcioOids.SctList);

    private static byte[] TbsWithout(ReadOnlyMemory<byte> tbsCertificate, string extensionOid)
    {
        try
        {
            var reader = new AsnReader(tbsCertificate, AsnEncodingRules.DER);
            var tbs = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var w = new AsnWriter(AsnEncodingRules.DER);
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
                            var raw = exts.ReadEncodedValue();
                            var ext = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
                            if (ext.ReadObjectIdentifier() != extensionOid)
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
