namespace Signet.Log.Ct;

/// <summary>RFC 6962 §4.3 get-sth response: size, timestamp (ms), root and the TLS-encoded TreeHeadSignature.</summary>
/// <param name="TreeSize">The published tree's size.</param>
/// <param name="Timestamp">Milliseconds since the epoch when the head was signed.</param>
/// <param name="RootHash">The tree's RFC 6962 root hash.</param>
/// <param name="TreeHeadSignature">The <c>digitally-signed</c> TreeHeadSignature (§3.5).</param>
public sealed record SignedTreeHead(ulong TreeSize, ulong Timestamp, byte[] RootHash, byte[] TreeHeadSignature);
