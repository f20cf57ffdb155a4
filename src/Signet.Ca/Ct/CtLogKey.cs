using System.Security.Cryptography;

namespace Signet.Ca.Ct;

/// <summary>
/// The CT log's signing key: ECDSA P-256 with SHA-256 (RFC 6962 §2.1.4); its log ID is SHA-256 of the DER
/// SubjectPublicKeyInfo (§3.2).
/// </summary>
public sealed class CtLogKey : IDisposable
{
    private readonly ECDsa _key;

    public CtLogKey(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            throw new ArgumentException("the CT log key must be ECDSA P-256");
        }

        _key = key;
        PublicKeySpki = key.ExportSubjectPublicKeyInfo();
        LogId = SHA256.HashData(PublicKeySpki);
    }

    public byte[] PublicKeySpki { get; }

    public byte[] LogId { get; }

    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
