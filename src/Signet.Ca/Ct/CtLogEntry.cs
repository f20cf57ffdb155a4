namespace Signet.Ca.Ct;

/// <summary>RFC 6962 §3.1 LogEntryType.</summary>
public enum CtEntryType : ushort
{
    X509Entry = 0,
    PrecertEntry = 1,
}

/// <summary>
/// The signed part of a log entry and the leaf it becomes. For v1 the bytes the SCT signs (§3.2
/// <c>digitally-signed struct</c>: version 0, signature_type certificate_timestamp 0, timestamp, entry_type,
/// signed_entry, extensions) and the MerkleTreeLeaf (§3.4: version 0, leaf_type timestamped_entry 0, then the same
/// TimestampedEntry) are byte-for-byte the same; both are built here from one writer.
/// </summary>
public static class CtLogEntry
{
    /// <summary>RFC 6962 §3.4 MerkleTreeLeaf, which is also the SCT signature input (§3.2).</summary>
    /// <param name="signedEntry">For x509: the certificate DER. For precert: issuer_key_hash (32) ‖ TBSCertificate DER.</param>
    public static byte[] MerkleTreeLeaf(ulong timestamp, CtEntryType type, ReadOnlySpan<byte> signedEntry, ReadOnlySpan<byte> extensions)
    {
        var w = new TlsWriter();
        w.WriteUInt8(0); // Version v1 (also: MerkleLeafType timestamped_entry is written next for the leaf)
        w.WriteUInt8(0); // MerkleLeafType timestamped_entry = SignatureType certificate_timestamp = 0
        w.WriteUInt64(timestamp);
        w.WriteUInt16((ushort)type);
        if (type == CtEntryType.X509Entry)
        {
            w.WriteVector(signedEntry, 3); // ASN.1Cert <1..2^24-1>
        }
        else
        {
            w.WriteBytes(signedEntry[..32]); // issuer_key_hash
            w.WriteVector(signedEntry[32..], 3); // TBSCertificate <1..2^24-1>
        }

        w.WriteVector(extensions, 2);
        return w.ToArray();
    }

    /// <summary>§4.6 extra_data: for x509 the certificate_chain; for precert the PrecertChainEntry.</summary>
    public static byte[] ExtraData(CtEntryType type, IReadOnlyList<byte[]> chain)
    {
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

    /// <summary>§3.5 TreeHeadSignature input: version 0, signature_type tree_hash 1, timestamp, tree_size, root.</summary>
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

    /// <summary>§3.2 digitally-signed: hash algorithm, signature algorithm, 2-byte-length signature.</summary>
    public static byte[] DigitallySigned(byte[] signature)
    {
        var w = new TlsWriter();
        w.WriteUInt8(SignedCertificateTimestamp.Sha256);
        w.WriteUInt8(SignedCertificateTimestamp.Ecdsa);
        w.WriteVector(signature, 2);
        return w.ToArray();
    }
}
