namespace Signet.Core.Encoding;

/// <summary>One decoded PEM block (RFC 7468 §2): its label and the DER bytes between the encapsulation boundaries.</summary>
public sealed record PemBlock(string Label, byte[] Der);
