using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signet.Core.Certificates;

/// <summary>Decodes one DER certificate, turning every decoder failure into a <see cref="SignetFormatException"/>.</summary>
public static class CertificateDecoder
{
    /// <summary>
    /// Loads one DER certificate of at most <see cref="X509Parts.MaxCertificateSize"/> bytes; <paramref name="what"/>
    /// names it in the error.
    /// </summary>
    public static X509Certificate2 Load(byte[] der, string what)
    {
        if (der.Length > X509Parts.MaxCertificateSize)
        {
            throw new SignetFormatException($"{what}: certificate too large ({der.Length} bytes)");
        }

        try
        {
            // Reject trailing data and non-DER input up front: the loader would accept PEM or PKCS#7.
            X509Parts.Parse(der, what);
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new SignetFormatException($"{what}: not a valid X.509 certificate ({e.Message})", e);
        }
    }

    /// <summary>The start of the certificate's validity period, in UTC.</summary>
    public static DateTimeOffset NotBefore(X509Certificate2 c) => new(c.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>The end of the certificate's validity period, in UTC.</summary>
    public static DateTimeOffset NotAfter(X509Certificate2 c) => new(c.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>RFC 5280 §4.1.2.5: the certificate's validity period contains <paramref name="t"/> (both ends inclusive).</summary>
    public static bool IsValidAt(X509Certificate2 c, DateTimeOffset t) => t >= NotBefore(c) && t <= NotAfter(c);

    /// <summary>Self-issued and self-signed: the subject names the issuer and the signature checks with its own key.</summary>
    public static bool IsSelfSigned(X509Certificate2 c, X509Parts parts)
        => parts.IsSelfIssued && parts.IsSignedBy(c);
}
