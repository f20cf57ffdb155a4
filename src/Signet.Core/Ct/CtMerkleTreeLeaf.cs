namespace Signet.Core.Ct;

/// <summary>
/// An RFC 6962 §3.4 <c>MerkleTreeLeaf</c> read back: the <c>TimestampedEntry</c> a CT log hashed into its tree
/// (the inverse of <see cref="CtLogEntry.X509EntryLeaf"/> and <see cref="CtLogEntry.PrecertEntryLeaf"/>).
/// </summary>
/// <param name="Timestamp">Milliseconds since the epoch: the SCT's timestamp.</param>
/// <param name="EntryType">Whether the entry is a certificate or a precertificate's TBS.</param>
/// <param name="Certificate">For <see cref="CtEntryType.X509Entry"/>: the certificate (DER); otherwise the
/// precertificate's TBSCertificate without the poison extension (DER).</param>
/// <param name="IssuerKeyHash">For <see cref="CtEntryType.PrecertEntry"/>: SHA-256 of the issuer's
/// SubjectPublicKeyInfo; empty otherwise.</param>
public sealed record CtMerkleTreeLeaf(ulong Timestamp, CtEntryType EntryType, byte[] Certificate, byte[] IssuerKeyHash)
{
    /// <summary>Reads a <c>leaf_input</c>; anything but one whole v1 timestamped entry is a format error.</summary>
    /// <param name="leafInput">The leaf's bytes (what <c>get-entries</c> returns as <c>leaf_input</c>).</param>
    public static CtMerkleTreeLeaf Parse(ReadOnlySpan<byte> leafInput)
    {
        var r = new TlsReader(leafInput, "leaf_input");
        var version = r.ReadUInt8();
        var leafType = r.ReadUInt8();
        if (version != 0 || leafType != 0)
        {
            throw new SignetFormatException($"leaf_input: version {version} leaf type {leafType} is not a v1 timestamped_entry");
        }

        var timestamp = r.ReadUInt64();
        var type = (CtEntryType)r.ReadUInt16();
        byte[] issuerKeyHash = [];
        byte[] certificate;
        switch (type)
        {
            case CtEntryType.X509Entry:
                certificate = r.ReadVector(3).ToArray();
                break;
            case CtEntryType.PrecertEntry:
                issuerKeyHash = r.ReadBytes(32).ToArray();
                certificate = r.ReadVector(3).ToArray();
                break;
            default:
                throw new SignetFormatException($"leaf_input: entry type {(ushort)type} is neither x509_entry nor precert_entry");
        }

        r.ReadVector(2); // CtExtensions
        r.ThrowIfNotEmpty();
        if (certificate.Length == 0)
        {
            throw new SignetFormatException("leaf_input: the logged certificate is empty");
        }

        return new CtMerkleTreeLeaf(timestamp, type, certificate, issuerKeyHash);
    }
}
