using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Core.Certificates;

/// <summary>
/// An issuing certificate's public key, imported once, that checks certificate signatures (RFC 5280 §4.1.1.3):
/// ECDSA with SHA-256/384/512 or RSA PKCS#1 v1.5 with SHA-256/384/512. Anything else fails closed.
/// </summary>
public sealed class IssuerKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly Lock _gate = new();

    private IssuerKey(ECDsa? ecdsa, RSA? rsa)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
    }

    public static IssuerKey From(X509Certificate2 issuer)
    {
        var ec = issuer.GetECDsaPublicKey();
        return ec is not null ? new IssuerKey(ec, null) : new IssuerKey(null, issuer.GetRSAPublicKey());
    }

    internal bool Verifies(ReadOnlySpan<byte> tbs, byte[] signature, string algorithmOid, Func<string, HashAlgorithmName> hashOf)
    {
        lock (_gate)
        {
            try
            {
                return algorithmOid switch
                {
                    "1.2.840.10045.4.3.2" or "1.2.840.10045.4.3.3" or "1.2.840.10045.4.3.4" =>
                        _ecdsa is not null && _ecdsa.VerifyData(tbs, signature, hashOf(algorithmOid), DSASignatureFormat.Rfc3279DerSequence),
                    "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13" =>
                        _rsa is not null && _rsa.VerifyData(tbs, signature, hashOf(algorithmOid), RSASignaturePadding.Pkcs1),
                    _ => false,
                };
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }
}
