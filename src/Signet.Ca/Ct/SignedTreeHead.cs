namespace Signet.Ca.Ct;

/// <summary>RFC 6962 §4.3 get-sth response: size, timestamp (ms), root and the TLS-encoded TreeHeadSignature.</summary>
public sealed record SignedTreeHead(ulong TreeSize, ulong Timestamp, byte[] RootHash, byte[] TreeHeadSignature);
