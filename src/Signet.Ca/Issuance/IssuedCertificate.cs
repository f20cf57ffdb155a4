using Signet.Core.Ct;

namespace Signet.Ca.Issuance;

/// <summary>A leaf with its embedded SCT and the chain above it (intermediate …, root), all DER.</summary>
public sealed record IssuedCertificate(byte[] Certificate, IReadOnlyList<byte[]> Chain, SignedCertificateTimestamp Sct);
