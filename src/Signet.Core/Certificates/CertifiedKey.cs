using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Core.Certificates;

/// <summary>
/// Whether a private key is the one a certificate certifies (RFC 5280 §4.1.2.7, subjectPublicKeyInfo): the CA's
/// issuing certificate and the TSA's leaf are loaded with their keys, and a key that is not the certificate's must
/// not be used with it.
/// </summary>
public static class CertifiedKey
{
    /// <summary>
    /// True when <paramref name="key"/> is the private half of <paramref name="certificate"/>'s ECDSA public key; false
    /// for any other key, and when the certificate's key is not ECDSA. Both public keys are exported again before they
    /// are compared, so how the certificate happens to encode its curve or point does not matter.
    /// </summary>
    public static bool Matches(X509Certificate2 certificate, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        using var certified = certificate.GetECDsaPublicKey();
        return certified is not null
            && certified.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }
}
