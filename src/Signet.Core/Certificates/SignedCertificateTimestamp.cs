using System.Buffers.Binary;
using System.Formats.Asn1;

namespace Signet.Core.Certificates;

/// <summary>
/// One RFC 6962 §3.2 <c>SignedCertificateTimestamp</c> (v1) as embedded in a certificate's SCT list extension:
/// the CT log's id, the timestamp (ms since the epoch), extensions, and the digitally-signed signature.
/// </summary>
public sealed record SignedCertificateTimestamp(
    byte[] LogId,
    ulong Timestamp,
    byte[] Extensions,
    byte HashAlgorithm,
    byte SignatureAlgorithm,
    byte[] Signature)
{
    /// <summary>More SCTs than this in one certificate is not a real certificate.</summary>
    public const int MaxCount = 64;

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(Timestamp, (ulong)long.MaxValue / 2));

    /// <summary>
    /// Reads the SCT list extension value (RFC 6962 §3.3): an OCTET STRING wrapping the TLS-encoded
    /// <c>SignedCertificateTimestampList</c> (uint16 length, then uint16-length-prefixed SCTs).
    /// </summary>
    public static IReadOnlyList<SignedCertificateTimestamp> ReadList(ReadOnlySpan<byte> extnValue)
    {
        byte[] tls;
        try
        {
            var r = new AsnReader(extnValue.ToArray(), AsnEncodingRules.DER);
            tls = r.ReadOctetString();
            r.ThrowIfNotEmpty();
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException("certificate SCT list: not a DER OCTET STRING", e);
        }

        ReadOnlySpan<byte> s = tls;
        var total = ReadU16(ref s, "SCT list length");
        if (total != s.Length)
        {
            throw new SignetFormatException("certificate SCT list: length prefix does not match the content");
        }

        var list = new List<SignedCertificateTimestamp>();
        while (!s.IsEmpty)
        {
            if (list.Count == MaxCount)
            {
                throw new SignetFormatException($"certificate SCT list: more than {MaxCount} SCTs");
            }

            var len = ReadU16(ref s, "SCT length");
            var one = Take(ref s, len, "SCT");
            list.Add(Read(one));
        }

        return list;
    }

    private static SignedCertificateTimestamp Read(ReadOnlySpan<byte> s)
    {
        var version = Take(ref s, 1, "SCT version")[0];
        if (version != 0)
        {
            throw new SignetFormatException($"SCT: unsupported version {version}");
        }

        var logId = Take(ref s, 32, "SCT log id").ToArray();
        var ts = BinaryPrimitives.ReadUInt64BigEndian(Take(ref s, 8, "SCT timestamp"));
        var extLen = ReadU16(ref s, "SCT extensions length");
        var ext = Take(ref s, extLen, "SCT extensions").ToArray();
        var hash = Take(ref s, 1, "SCT hash algorithm")[0];
        var sigAlg = Take(ref s, 1, "SCT signature algorithm")[0];
        var sigLen = ReadU16(ref s, "SCT signature length");
        var sig = Take(ref s, sigLen, "SCT signature").ToArray();
        if (!s.IsEmpty)
        {
            throw new SignetFormatException("SCT: trailing bytes");
        }

        return new SignedCertificateTimestamp(logId, ts, ext, hash, sigAlg, sig);
    }

    /// <summary>
    /// RFC 6962 §3.2 digitally-signed struct for a precertificate entry: version, signature_type
    /// certificate_timestamp(0), timestamp, entry_type precert_entry(1), issuer_key_hash, the TBS certificate
    /// (24-bit length), and the SCT's extensions (16-bit length).
    /// </summary>
    public byte[] SignedData(ReadOnlySpan<byte> issuerKeyHash, ReadOnlySpan<byte> precertTbs)
    {
        var buf = new byte[1 + 1 + 8 + 2 + 32 + 3 + precertTbs.Length + 2 + Extensions.Length];
        var i = 0;
        buf[i++] = 0; // sct_version v1
        buf[i++] = 0; // signature_type certificate_timestamp
        BinaryPrimitives.WriteUInt64BigEndian(buf.AsSpan(i), Timestamp);
        i += 8;
        buf[i++] = 0;
        buf[i++] = 1; // entry_type precert_entry
        issuerKeyHash.CopyTo(buf.AsSpan(i));
        i += 32;
        buf[i++] = (byte)(precertTbs.Length >> 16);
        buf[i++] = (byte)(precertTbs.Length >> 8);
        buf[i++] = (byte)precertTbs.Length;
        precertTbs.CopyTo(buf.AsSpan(i));
        i += precertTbs.Length;
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(i), (ushort)Extensions.Length);
        i += 2;
        Extensions.CopyTo(buf.AsSpan(i));
        return buf;
    }

    private static int ReadU16(ref ReadOnlySpan<byte> s, string what)
        => BinaryPrimitives.ReadUInt16BigEndian(Take(ref s, 2, what));

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> s, int n, string what)
    {
        if (s.Length < n)
        {
            throw new SignetFormatException($"certificate SCT list: truncated at {what}");
        }

        var head = s[..n];
        s = s[n..];
        return head;
    }
}
