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

    /// <summary>
    /// Decodes now, on one thread, every part of <paramref name="c"/> that <see cref="X509Certificate2"/> decodes lazily
    /// and that verification reads — its extensions (EKU, basic constraints, key usage, key identifier), validity,
    /// names and serial number — so that threads sharing the certificate afterwards only read finished values.
    /// <para>
    /// Needed because the platform's lazy decoding is not safe for concurrent first use:
    /// <c>X509EnhancedKeyUsageExtension.EnhancedKeyUsages</c> decodes into its field through an <c>out</c> argument
    /// that is assigned an empty collection before the OIDs are added, so a second thread reading the extension
    /// while the first decodes it sees no extended key usage; <c>Rfc3161TimestampToken</c>'s signer check then
    /// finds no timeStamping purpose and refuses a valid token (parallel <c>nuget verify</c> of OpenTelemetry, one
    /// run in five). Trusted certificates are shared by every verification of a process, so the trust material
    /// decodes them this way once, when it is built.
    /// </para>
    /// </summary>
    internal static void DecodeForSharing(X509Certificate2 c)
    {
        ArgumentNullException.ThrowIfNull(c);
        try
        {
            foreach (var ext in c.Extensions)
            {
                switch (ext)
                {
                    case X509EnhancedKeyUsageExtension eku:
                        _ = eku.EnhancedKeyUsages;
                        break;
                    case X509BasicConstraintsExtension bc:
                        _ = (bc.CertificateAuthority, bc.HasPathLengthConstraint, bc.PathLengthConstraint);
                        break;
                    case X509KeyUsageExtension ku:
                        _ = ku.KeyUsages;
                        break;
                    case X509SubjectKeyIdentifierExtension ski:
                        _ = ski.SubjectKeyIdentifierBytes;
                        break;
                }
            }

            _ = (c.NotBefore, c.NotAfter, c.SerialNumberBytes, c.IssuerName.Name, c.SubjectName.Name, c.RawDataMemory);
        }
        catch (CryptographicException e)
        {
            // A trusted root naming a certificate whose extension or field does not decode (a finding of the
            // trusted-root fuzz harness) is malformed trust material, refused when it is read.
            throw new SignetFormatException($"trusted certificate: a field or extension does not decode ({e.Message})", e);
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
