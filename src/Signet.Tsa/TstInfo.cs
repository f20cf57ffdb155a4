using System.Formats.Asn1;

namespace Signet.Tsa;

/// <summary>Writes the <c>TSTInfo</c> of RFC 3161 §2.4.2 — the content a time-stamp token signs.</summary>
internal static class TstInfo
{
    /// <summary>Encodes a TSTInfo echoing the query's message imprint and nonce.</summary>
    public static byte[] Encode(
        string policyOid, TimestampQuery query, ReadOnlySpan<byte> serialNumber, DateTimeOffset genTime, TimeSpan accuracy)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(1); // version v1
            w.WriteObjectIdentifier(policyOid);

            // messageImprint: the requester's hash algorithm and hash, echoed (§2.4.2 "MUST have the same value").
            using (w.PushSequence())
            {
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(query.HashAlgorithmOid);
                }

                w.WriteOctetString(query.MessageHash);
            }

            w.WriteInteger(serialNumber);

            // genTime: UTC GeneralizedTime; DER drops trailing zeros of the fraction (X.690 §11.7).
            w.WriteGeneralizedTime(genTime, omitFractionalSeconds: false);

            // accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] OPTIONAL, micros [1] OPTIONAL }
            using (w.PushSequence())
            {
                var micros = (long)accuracy.TotalMicroseconds;
                var seconds = micros / 1_000_000;
                var millis = micros / 1000 % 1000;
                var microsPart = micros % 1000;
                if (seconds > 0)
                {
                    w.WriteInteger(seconds);
                }

                if (millis > 0)
                {
                    w.WriteInteger(millis, new Asn1Tag(TagClass.ContextSpecific, 0));
                }

                if (microsPart > 0)
                {
                    w.WriteInteger(microsPart, new Asn1Tag(TagClass.ContextSpecific, 1));
                }
            }

            // ordering DEFAULT FALSE: omitted. nonce: echoed verbatim when the query had one (§2.4.2).
            if (query.Nonce is { } nonce)
            {
                w.WriteInteger(nonce);
            }
        }

        return w.Encode();
    }
}
