using System.Formats.Asn1;

namespace Signet.Core.Ct;

/// <summary>
/// An RFC 6962 §3.2 v1 <c>SignedCertificateTimestamp</c>: a CT log's promise to include an entry — the log's id, the
/// timestamp (ms since the epoch), extensions, and the digitally-signed signature (hash and signature algorithm per
/// RFC 5246 §7.4.1.4.1). The CA's CT log makes them (<see cref="Serialize"/>, <see cref="ListExtension"/>); the verifier
/// reads them from a certificate (<see cref="ReadList"/>) and checks them over <see cref="PrecertSignedData"/>.
/// </summary>
public sealed record SignedCertificateTimestamp(
    byte[] LogId,
    ulong Timestamp,
    byte[] Extensions,
    byte HashAlgorithm,
    byte SignatureAlgorithm,
    byte[] Signature)
{
    /// <summary>RFC 5246 §7.4.1.4.1 HashAlgorithm sha256.</summary>
    public const byte Sha256 = 4;

    /// <summary>RFC 5246 §7.4.1.4.1 SignatureAlgorithm ecdsa.</summary>
    public const byte Ecdsa = 3;

    /// <summary>More SCTs than this in one list is not a real certificate.</summary>
    public const int MaxCount = 64;

    /// <summary>The timestamp as a time (clamped far in the future for absurd values).</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(Timestamp, (ulong)long.MaxValue / 2));

    /// <summary>RFC 6962 §3.2 <c>SignedCertificateTimestamp</c> in its TLS encoding: version v1(0), 32-byte log id,
    /// uint64 timestamp, extensions &lt;0..2^16-1&gt;, then the digitally-signed hash, signature algorithm and
    /// signature &lt;0..2^16-1&gt;.</summary>
    public byte[] Serialize()
    {
        var w = new TlsWriter();
        w.WriteUInt8(0);
        w.WriteBytes(LogId);
        w.WriteUInt64(Timestamp);
        w.WriteVector(Extensions, 2);
        w.WriteUInt8(HashAlgorithm);
        w.WriteUInt8(SignatureAlgorithm);
        w.WriteVector(Signature, 2);
        return w.ToArray();
    }

    /// <summary>Reads one TLS-encoded SCT (<see cref="Serialize"/>); anything but a whole v1 SCT is a format error.</summary>
    public static SignedCertificateTimestamp Deserialize(ReadOnlySpan<byte> data)
    {
        var r = new TlsReader(data, "signed certificate timestamp");
        var version = r.ReadUInt8();
        if (version != 0)
        {
            throw new SignetFormatException($"signed certificate timestamp: version {version} is not v1");
        }

        var logId = r.ReadBytes(32).ToArray();
        var timestamp = r.ReadUInt64();
        var extensions = r.ReadVector(2).ToArray();
        var hash = r.ReadUInt8();
        var signatureAlgorithm = r.ReadUInt8();
        var signature = r.ReadVector(2).ToArray();
        r.ThrowIfNotEmpty();
        return new SignedCertificateTimestamp(logId, timestamp, extensions, hash, signatureAlgorithm, signature);
    }

    /// <summary>RFC 6962 §3.3 <c>SignedCertificateTimestampList</c>: a 2-byte-length list of 2-byte-length serialized SCTs.</summary>
    public static byte[] SerializeList(IEnumerable<SignedCertificateTimestamp> scts)
    {
        ArgumentNullException.ThrowIfNull(scts);
        var inner = new TlsWriter();
        foreach (var sct in scts)
        {
            inner.WriteVector(sct.Serialize(), 2);
        }

        var w = new TlsWriter();
        w.WriteVector(inner.ToArray(), 2);
        return w.ToArray();
    }

    /// <summary>Reads a <see cref="SerializeList"/> list of at most <see cref="MaxCount"/> SCTs.</summary>
    public static IReadOnlyList<SignedCertificateTimestamp> DeserializeList(ReadOnlySpan<byte> data)
    {
        var outer = new TlsReader(data, "SCT list");
        var list = new TlsReader(outer.ReadVector(2), "SCT list");
        outer.ThrowIfNotEmpty();
        var result = new List<SignedCertificateTimestamp>();
        while (!list.IsEmpty)
        {
            if (result.Count == MaxCount)
            {
                throw new SignetFormatException($"SCT list: more than {MaxCount} SCTs");
            }

            result.Add(Deserialize(list.ReadVector(2)));
        }

        return result;
    }

    /// <summary>
    /// The value of the SCT list extension (OID 1.3.6.1.4.1.11129.2.4.2) a CA embeds in the final certificate (RFC 6962
    /// §3.3): a DER OCTET STRING wrapping the <see cref="SerializeList"/> list.
    /// </summary>
    public static byte[] ListExtension(IEnumerable<SignedCertificateTimestamp> scts)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteOctetString(SerializeList(scts));
        return w.Encode();
    }

    /// <summary>Reads the SCT list extension value (<see cref="ListExtension"/>) of a certificate.</summary>
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

        return DeserializeList(tls);
    }

    /// <summary>The bytes this SCT signs for an <c>x509_entry</c> (RFC 6962 §3.2): the certificate DER.</summary>
    public byte[] X509SignedData(ReadOnlySpan<byte> certificateDer) =>
        CtLogEntry.X509EntryLeaf(Timestamp, certificateDer, Extensions);

    /// <summary>The bytes this SCT signs for a <c>precert_entry</c> (RFC 6962 §3.2): the issuer's key hash and the
    /// precertificate's TBSCertificate (for an issued certificate: its TBS without the SCT list extension).</summary>
    public byte[] PrecertSignedData(ReadOnlySpan<byte> issuerKeyHash, ReadOnlySpan<byte> precertTbs) =>
        CtLogEntry.PrecertEntryLeaf(Timestamp, issuerKeyHash, precertTbs, Extensions);
}
