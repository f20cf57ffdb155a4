using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Files;

namespace Signet.Log.Ct;

/// <summary>
/// The CT log's signing key: ECDSA P-256 with SHA-256 (RFC 6962 §2.1.4); its log ID is SHA-256 of the DER
/// SubjectPublicKeyInfo (§3.2).
/// </summary>
public sealed class CtLogKey : IDisposable
{
    private readonly ECDsa _key;

    /// <param name="key">An ECDSA P-256 key (in a file or a PKCS#11 token); owned by this instance from now on.</param>
    public CtLogKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // RFC 6962 §2.1.4: NIST P-256 (a 256-bit key on another curve, brainpoolP256r1, is not one).
        if (key.KeySize != 256 || EllipticCurve.FromOid(key.ExportParameters(false).Curve.Oid?.Value) != EllipticCurve.P256)
        {
            throw new ArgumentException("the CT log key must be ECDSA P-256");
        }

        _key = key;
        PublicKeySpki = key.ExportSubjectPublicKeyInfo();
        LogId = SHA256.HashData(PublicKeySpki);
    }

    /// <summary>The DER SubjectPublicKeyInfo (the trusted root's CT log key).</summary>
    public byte[] PublicKeySpki { get; }

    /// <summary>SHA-256 of <see cref="PublicKeySpki"/> (RFC 6962 §3.2 LogID).</summary>
    public byte[] LogId { get; }

    /// <summary>Loads the PKCS#8 PEM key at <paramref name="path"/>, or on first start generates one and writes it
    /// there readable by its owner only (0600).</summary>
    /// <param name="path">The key file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<CtLogKey> LoadOrCreateAsync(string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            var existing = EcPrivateKeyPem.Import(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
            try
            {
                return new CtLogKey(existing);
            }
            catch (ArgumentException e)
            {
                existing.Dispose();
                throw new SignetFormatException($"{path}: {e.Message}", e);
            }
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            DurableFile.CreateNew(path, key.ExportPkcs8PrivateKeyPem() + "\n");
            return new CtLogKey(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>An ECDSA signature (ASN.1 DER) over SHA-256 of <paramref name="data"/>.</summary>
    /// <param name="data">The TLS-encoded structure signed (§3.2, §3.5).</param>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Releases the private key.</summary>
    public void Dispose() => _key.Dispose();
}
