using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Keys;

namespace Signet.Core.Certificates;

/// <summary>
/// An issuing certificate's public key, imported once, that checks certificate signatures (RFC 5280 §4.1.1.3):
/// ECDSA with SHA-256/384/512 (RFC 5758 §3.2), RSA PKCS#1 v1.5 with SHA-256/384/512 (RFC 4055 §5), RSASSA-PSS with
/// SHA-256/384/512, MGF1 over the same hash and a salt as long as the hash (RFC 4055 §3.1), and Ed25519
/// (RFC 8410 §3). Anything else — other algorithms, other PSS parameters, parameters where none are allowed — fails
/// closed.
/// </summary>
public sealed class IssuerKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly VerificationKey? _ed25519;
    private readonly Lock _gate = new();

    private IssuerKey(ECDsa? ecdsa, RSA? rsa, VerificationKey? ed25519)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
        _ed25519 = ed25519;
    }

    /// <exception cref="SignetFormatException">The certificate names a key algorithm it knows but its key does not decode.</exception>
    public static IssuerKey From(X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        try
        {
            if (issuer.GetECDsaPublicKey() is { } ec)
            {
                return new IssuerKey(ec, null, null);
            }

            if (issuer.GetRSAPublicKey() is { } rsa)
            {
                return new IssuerKey(null, rsa, null);
            }
        }
        catch (CryptographicException e)
        {
            // An EC or RSA SubjectPublicKeyInfo whose key bits do not decode (RFC 5480 §2.2, RFC 8017 A.1.1): the
            // certificate is malformed input, not a failure of the runtime.
            throw new SignetFormatException($"certificate '{issuer.Subject}': its public key does not decode ({e.Message})", e);
        }

        return issuer.PublicKey.Oid.Value == AlgorithmOids.Ed25519
            ? new IssuerKey(null, null, VerificationKey.FromSpki(issuer.PublicKey.ExportSubjectPublicKeyInfo()))
            : new IssuerKey(null, null, null);
    }

    internal bool Verifies(ReadOnlySpan<byte> tbs, byte[] signature, string algorithmOid, ReadOnlySpan<byte> parameters)
    {
        if (algorithmOid == AlgorithmOids.Ed25519)
        {
            // RFC 8410 §3: the parameters MUST be absent; Ed25519 signs the TBS itself (RFC 8032 §5.1.6).
            return _ed25519 is not null && parameters.IsEmpty && _ed25519.Verify(tbs, signature, SigningAlgorithm.PkixEd25519);
        }

        lock (_gate)
        {
            try
            {
                return X509SignatureAlgorithm.Of(algorithmOid) switch
                {
                    // RFC 5758 §3.2: ecdsa-with-SHA256/384/512, parameters absent.
                    (X509SignatureFamily.Ecdsa, var hash) =>
                        _ecdsa is not null && parameters.IsEmpty && _ecdsa.VerifyData(tbs, signature, hash, DSASignatureFormat.Rfc3279DerSequence),

                    // RFC 4055 §5: sha256/384/512WithRSAEncryption, parameters NULL (absent tolerated).
                    (X509SignatureFamily.RsaPkcs1, var hash) =>
                        _rsa is not null && IsNullOrAbsent(parameters) && _rsa.VerifyData(tbs, signature, hash, RSASignaturePadding.Pkcs1),

                    _ => algorithmOid == AlgorithmOids.RsaPss && _rsa is not null && RsaPssParameters.TryRead(parameters, out var pssHash)
                        && _rsa.VerifyData(tbs, signature, pssHash, RSASignaturePadding.Pss),
                };
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static bool IsNullOrAbsent(ReadOnlySpan<byte> parameters)
        => parameters.IsEmpty || (parameters.Length == 2 && parameters[0] == 0x05 && parameters[1] == 0x00);
}
