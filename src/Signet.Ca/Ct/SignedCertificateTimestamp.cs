using Signet.Core;

namespace Signet.Ca.Ct;

/// <summary>
/// A v1 Signed Certificate Timestamp (RFC 6962 §3.2): the log's promise to include an entry, signed with the
/// log's key (here ECDSA P-256 with SHA-256: hash 4, signature 3 per RFC 5246 §7.4.1.4.1).
/// </summary>
public sealed record SignedCertificateTimestamp(byte[] LogId, ulong Timestamp, byte[] Extensions, byte HashAlgorithm, byte SignatureAlgorithm, byte[] Signature)
{
    public const byte Sha256 = 4;
    public const byte Ecdsa = 3;

    /// <summary>RFC 6962 §3.2 SignedCertificateTimestamp serialization (TLS encoding).</summary>
    public byte[] Serialize()
    {
        var w = new TlsWriter();
        w.WriteUInt8(0); // Version v1
        w.WriteBytes(LogId);
        w.WriteUInt64(Timestamp);
        w.WriteVector(Extensions, 2);
        w.WriteUInt8(HashAlgorithm);
        w.WriteUInt8(SignatureAlgorithm);
        w.WriteVector(Signature, 2);
        return w.ToArray();
    }

    public static SignedCertificateTimestamp Deserialize(ReadOnlySpan<byte> data)
    {
        var r = new TlsReader(data, "signed certificate timestamp");
        if (r.ReadUInt8() != 0)
        {
            throw new SignetFormatException("signed certificate timestamp: version is not v1");
        }

        var logId = r.ReadBytes(32).ToArray();
        var ts = r.ReadUInt64();
        var ext = r.ReadVector(2).ToArray();
        var hash = r.ReadUInt8();
        var sig = r.ReadUInt8();
        var signature = r.ReadVector(2).ToArray();
        r.ThrowIfNotEmpty();
        return new SignedCertificateTimestamp(logId, ts, ext, hash, sig, signature);
    }

    /// <summary>RFC 6962 §3.3 SignedCertificateTimestampList: a 2-byte-length list of 2-byte-length serialized SCTs.</summary>
    public static byte[] SerializeList(IEnumerable<SignedCertificateTimestamp> scts)
    {
        var inner = new TlsWriter();
        foreach (var sct in scts)
        {
            inner.WriteVector(sct.Serialize(), 2);
        }

        var w = new TlsWriter();
        w.WriteVector(inner.ToArray(), 2);
        return w.ToArray();
    }

    public static IReadOnlyList<SignedCertificateTimestamp> DeserializeList(ReadOnlySpan<byte> data)
    {
        var outer = new TlsReader(data, "SCT list");
        var list = new TlsReader(outer.ReadVector(2), "SCT list");
        outer.ThrowIfNotEmpty();
        var result = new List<SignedCertificateTimestamp>();
        while (!list.IsEmpty)
        {
            result.Add(Deserialize(list.ReadVector(2)));
        }

        return result;
    }
}
