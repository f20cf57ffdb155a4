using System.Buffers.Binary;

namespace Signet.Core.Ct;

/// <summary>RFC 6962 §3.1 <c>LogEntryType</c>.</summary>
public enum CtEntryType : ushort
{
    /// <summary>A certificate (<c>x509_entry</c>).</summary>
    X509Entry = 0,

    /// <summary>A precertificate (<c>precert_entry</c>).</summary>
    PrecertEntry = 1,
}

/// <summary>
/// The structures a CT log signs and logs. For v1 the bytes an SCT signs (RFC 6962 §3.2 <c>digitally-signed struct</c>:
/// sct_version v1(0), signature_type certificate_timestamp(0), timestamp, entry_type, signed_entry, extensions) and the
/// <c>MerkleTreeLeaf</c> the log hashes (§3.4: version v1(0), leaf_type timestamped_entry(0), then the same
/// <c>TimestampedEntry</c>) are byte for byte the same, so one writer makes both.
/// </summary>
public static class CtLogEntry
{
    /// <summary>The §3.4 <c>MerkleTreeLeaf</c> (= §3.2 signed data) of a certificate: <c>ASN.1Cert &lt;1..2^24-1&gt;</c>.</summary>
    public static byte[] X509EntryLeaf(ulong timestamp, ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> extensions)
    {
        var buffer = new byte[12 + 3 + certificateDer.Length + 2 + extensions.Length];
        var i = WriteHead(buffer, timestamp, CtEntryType.X509Entry);
        i = WriteVector24(buffer, i, certificateDer);
        WriteExtensions(buffer, i, extensions);
        return buffer;
    }

    /// <summary>The §3.4 <c>MerkleTreeLeaf</c> (= §3.2 signed data) of a precertificate: <c>PreCert{issuer_key_hash[32],
    /// TBSCertificate &lt;1..2^24-1&gt;}</c>, the TBS without the poison extension.</summary>
    public static byte[] PrecertEntryLeaf(ulong timestamp, ReadOnlySpan<byte> issuerKeyHash, ReadOnlySpan<byte> tbsCertificate, ReadOnlySpan<byte> extensions)
    {
        if (issuerKeyHash.Length != 32)
        {
            throw new ArgumentException("issuer_key_hash is a 32-byte SHA-256", nameof(issuerKeyHash));
        }

        var buffer = new byte[12 + 32 + 3 + tbsCertificate.Length + 2 + extensions.Length];
        var i = WriteHead(buffer, timestamp, CtEntryType.PrecertEntry);
        issuerKeyHash.CopyTo(buffer.AsSpan(i));
        i = WriteVector24(buffer, i + 32, tbsCertificate);
        WriteExtensions(buffer, i, extensions);
        return buffer;
    }

    /// <summary>§4.6 <c>extra_data</c>: for x509 the <c>certificate_chain</c>; for precert the <c>PrecertChainEntry</c>
    /// (the precertificate, then the chain). <paramref name="chain"/> starts with the logged certificate.</summary>
    public static byte[] ExtraData(CtEntryType type, IReadOnlyList<byte[]> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var w = new TlsWriter();
        var rest = new TlsWriter();
        for (var i = 1; i < chain.Count; i++)
        {
            rest.WriteVector(chain[i], 3);
        }

        if (type == CtEntryType.PrecertEntry)
        {
            w.WriteVector(chain[0], 3); // pre_certificate
        }

        w.WriteVector(rest.ToArray(), 3); // certificate_chain / precertificate_chain
        return w.ToArray();
    }

    /// <summary>§3.5 <c>TreeHeadSignature</c> input: version v1(0), signature_type tree_hash(1), timestamp, tree_size, root.</summary>
    public static byte[] TreeHeadSignatureInput(ulong timestamp, ulong treeSize, ReadOnlySpan<byte> rootHash)
    {
        var w = new TlsWriter();
        w.WriteUInt8(0);
        w.WriteUInt8(1);
        w.WriteUInt64(timestamp);
        w.WriteUInt64(treeSize);
        w.WriteBytes(rootHash);
        return w.ToArray();
    }

    /// <summary>§3.2 <c>digitally-signed</c> for an ECDSA P-256 SHA-256 log: hash sha256(4), signature ecdsa(3),
    /// 2-byte-length signature.</summary>
    public static byte[] DigitallySigned(byte[] signature)
    {
        var w = new TlsWriter();
        w.WriteUInt8(SignedCertificateTimestamp.Sha256);
        w.WriteUInt8(SignedCertificateTimestamp.Ecdsa);
        w.WriteVector(signature, 2);
        return w.ToArray();
    }

    // Version v1 (0), MerkleLeafType timestamped_entry = SignatureType certificate_timestamp (0), timestamp, entry_type.
    private static int WriteHead(Span<byte> buffer, ulong timestamp, CtEntryType type)
    {
        buffer[0] = 0;
        buffer[1] = 0;
        BinaryPrimitives.WriteUInt64BigEndian(buffer[2..], timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], (ushort)type);
        return 12;
    }

    private static int WriteVector24(Span<byte> buffer, int at, ReadOnlySpan<byte> value)
    {
        if (value.Length is 0 or > 0xFFFFFF)
        {
            throw new ArgumentException($"a <1..2^24-1> vector cannot hold {value.Length} bytes");
        }

        buffer[at] = (byte)(value.Length >> 16);
        buffer[at + 1] = (byte)(value.Length >> 8);
        buffer[at + 2] = (byte)value.Length;
        value.CopyTo(buffer[(at + 3)..]);
        return at + 3 + value.Length;
    }

    private static void WriteExtensions(Span<byte> buffer, int at, ReadOnlySpan<byte> extensions)
    {
        if (extensions.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"CtExtensions <0..2^16-1> cannot hold {extensions.Length} bytes");
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer[at..], (ushort)extensions.Length);
        extensions.CopyTo(buffer[(at + 2)..]);
    }
}
