using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Log.Rekor.Entries;

/// <summary>
/// The key (or certificate) an entry names as its signer, as a <see cref="VerificationKey"/> plus the search keys it
/// is indexed under (the key itself; for a certificate also its e-mail SAN).
/// </summary>
internal sealed record SignerIdentity(VerificationKey Key, byte[]? CertificateDer, IReadOnlyList<string> SearchKeys)
{
    /// <summary>From PEM text holding one <c>PUBLIC KEY</c> or one <c>CERTIFICATE</c> block (Rekor v1's encoding).</summary>
    public static SignerIdentity FromPem(string pem, string path)
    {
        var blocks = Pem.DecodeAll(pem);
        if (blocks.Count == 0)
        {
            throw new SignetFormatException($"{path} holds no PEM block");
        }

        return blocks[0].Label switch
        {
            "CERTIFICATE" => FromCertificateDer(blocks[0].Der, path),
            "PUBLIC KEY" => FromSpki(blocks[0].Der),
            var other => throw new SignetFormatException($"{path} is a PEM '{other}', not a public key or certificate"),
        };
    }

    /// <summary>From base64 of PEM text (how Rekor v1 requests carry keys).</summary>
    public static SignerIdentity FromBase64Pem(string base64, string path)
    {
        string pem;
        try
        {
            pem = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new SignetFormatException($"{path} is not standard base64");
        }

        return FromPem(pem, path);
    }

    public static SignerIdentity FromSpki(byte[] spki) =>
        SignerCache.GetOrAdd('k', spki, () => new(VerificationKey.FromSpki(spki), null, [Entries.SearchKeys.PublicKey(spki)]));

    public static SignerIdentity FromCertificateDer(byte[] der, string path) =>
        SignerCache.GetOrAdd('c', der, () => ParseCertificate(der, path));

    private static SignerIdentity ParseCertificate(byte[] der, string path)
    {
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new SignetFormatException($"{path} is not a DER X.509 certificate: {e.Message}", e);
        }

        using (cert)
        {
            var key = VerificationKey.FromCertificate(cert);
            var keys = new List<string> { Entries.SearchKeys.PublicKey(key.SpkiDer) };
            var email = cert.GetNameInfo(X509NameType.EmailName, forIssuer: false);
            if (!string.IsNullOrEmpty(email))
            {
                keys.Add(Entries.SearchKeys.Email(email));
            }

            return new SignerIdentity(key, der, keys);
        }
    }

    /// <summary>The PEM this signer is written back as in canonical bodies.</summary>
    public string ToPem() => CertificateDer is { } der ? Pem.Encode("CERTIFICATE", der) : Pem.Encode("PUBLIC KEY", Key.SpkiDer);
}
