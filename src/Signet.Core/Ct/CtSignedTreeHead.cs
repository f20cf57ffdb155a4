using Signet.Core.Keys;

namespace Signet.Core.Ct;

/// <summary>
/// An RFC 6962 §3.5 signed tree head as a client reads it from <c>get-sth</c> (§4.3): the tree size, the timestamp, the
/// root hash and the <c>TreeHeadSignature</c> as a TLS <c>digitally-signed</c> struct.
/// </summary>
/// <param name="TreeSize">The number of entries in the tree.</param>
/// <param name="Timestamp">Milliseconds since the epoch, as the log signed it.</param>
/// <param name="RootHash">The SHA-256 Merkle tree hash (RFC 6962 §2.1).</param>
/// <param name="TreeHeadSignature">The TLS <c>digitally-signed</c> struct (hash, signature algorithm, signature).</param>
public sealed record CtSignedTreeHead(ulong TreeSize, ulong Timestamp, byte[] RootHash, byte[] TreeHeadSignature)
{
    /// <summary>
    /// Checks the tree head's signature with the log's key: §3.2 <c>digitally-signed</c> with SHA-256 and ECDSA (what
    /// Signet's and Sigstore's CT logs use) over the §3.5 <c>TreeHeadSignature</c> input. A malformed or other kind of
    /// signature is a <see cref="SignetFormatException"/>; one that does not verify returns <c>false</c>.
    /// </summary>
    /// <param name="logKey">The CT log's public key.</param>
    public bool VerifySignature(VerificationKey logKey)
    {
        ArgumentNullException.ThrowIfNull(logKey);
        if (RootHash.Length != 32)
        {
            throw new SignetFormatException($"signed tree head: sha256_root_hash is {RootHash.Length} bytes, not 32");
        }

        var r = new TlsReader(TreeHeadSignature, "tree_head_signature");
        var hash = r.ReadUInt8();
        var algorithm = r.ReadUInt8();
        var signature = r.ReadVector(2).ToArray();
        r.ThrowIfNotEmpty();
        if (hash != SignedCertificateTimestamp.Sha256 || algorithm != SignedCertificateTimestamp.Ecdsa)
        {
            throw new SignetFormatException($"tree_head_signature: hash {hash} with signature algorithm {algorithm} is not SHA-256 with ECDSA");
        }

        return logKey.Verify(CtLogEntry.TreeHeadSignatureInput(Timestamp, TreeSize, RootHash), signature);
    }
}
