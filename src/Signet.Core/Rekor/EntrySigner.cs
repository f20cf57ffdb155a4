using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Core.Rekor;

/// <summary>
/// The key or certificate an entry request names as its signer, imported so the log can verify the entry's signature
/// before storing it, with the facts a log indexes it by (the key's SubjectPublicKeyInfo and its SHA-256, a
/// certificate's e-mail address and URI SANs).
/// </summary>
public sealed class EntrySigner
{
    private const int CacheCapacity = 4096;

    // Importing a key costs about twice as much as verifying one signature with it (OpenSSL 3 key construction), and a
    // signer often logs many entries (a CI key, a certificate used for several artifacts), so signers seen recently are
    // kept by the exact bytes of their key or certificate. Only parsed signers are kept; an EntrySigner is immutable
    // and its key verifies concurrently. Bounded: when full it starts over.
    private static readonly ConcurrentDictionary<string, EntrySigner> Cache = new(StringComparer.Ordinal);

    private EntrySigner(VerificationKey key, byte[]? certificateDer, string? email, IReadOnlyList<string> uris)
    {
        Key = key;
        CertificateDer = certificateDer;
        Email = email;
        Uris = uris;
        SpkiDer = key.SpkiDer;
        SpkiSha256 = SHA256.HashData(SpkiDer);
    }

    /// <summary>The signer's public key.</summary>
    public VerificationKey Key { get; }

    /// <summary>The signer's certificate (DER) when the entry names a certificate; null for a bare key.</summary>
    public byte[]? CertificateDer { get; }

    /// <summary>The e-mail address of the certificate's subject (SAN rfc822Name or subject emailAddress), if any.</summary>
    public string? Email { get; }

    /// <summary>The certificate's URI SANs (a CI workflow or SPIFFE identity); empty for a bare key.</summary>
    public IReadOnlyList<string> Uris { get; }

    /// <summary>The key's DER SubjectPublicKeyInfo.</summary>
    public byte[] SpkiDer { get; }

    /// <summary>SHA-256 of <see cref="SpkiDer"/>.</summary>
    public byte[] SpkiSha256 { get; }

    /// <summary>From PEM text holding one <c>PUBLIC KEY</c> or <c>CERTIFICATE</c> block (Rekor v1's encoding of a verifier).</summary>
    public static EntrySigner FromPem(string pem, string path)
    {
        var blocks = Pem.DecodeAll(pem);
        if (blocks.Count == 0)
        {
            throw new SignetFormatException($"{path}: holds no PEM block");
        }

        return blocks[0].Label switch
        {
            PemLabels.Certificate => FromCertificateDer(blocks[0].Der, path),
            PemLabels.PublicKey => FromSpki(blocks[0].Der),
            var other => throw new SignetFormatException($"{path}: a PEM '{other}', not a public key or certificate"),
        };
    }

    /// <summary>From base64 of PEM text (how Rekor v1 requests carry verifiers, rekor <c>strfmt.Base64</c>).</summary>
    public static EntrySigner FromBase64Pem(string base64, string path)
    {
        string pem;
        try
        {
            pem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new SignetFormatException($"{path}: not standard base64");
        }

        return FromPem(pem, path);
    }

    /// <summary>From a DER SubjectPublicKeyInfo.</summary>
    public static EntrySigner FromSpki(byte[] spki) =>
        Cached('k', spki, () => new EntrySigner(VerificationKey.FromSpki(spki), null, null, []));

    /// <summary>From a DER X.509 certificate.</summary>
    public static EntrySigner FromCertificateDer(byte[] der, string path) =>
        Cached('c', der, () => ParseCertificate(der, path));

    /// <summary>The PEM this signer is written back as in canonical bodies.</summary>
    public string ToPem() => CertificateDer is { } der ? Pem.Encode(PemLabels.Certificate, der) : Key.ToPem();

    /// <summary>Whether <paramref name="signature"/> verifies over <paramref name="data"/>; a signature the key cannot
    /// even read is false, not an exception.</summary>
    public bool Verifies(byte[] data, byte[] signature)
    {
        try
        {
            return Key.Verify(data, signature);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks a hashedrekord signature over <paramref name="digest"/> (rekor <c>hashedrekord</c> <c>validate</c>): one
    /// that does not verify, a key that cannot verify over a digest (Ed25519) or an algorithm that does not fit the key
    /// is a <see cref="SignetFormatException"/> naming <paramref name="entry"/>.
    /// </summary>
    internal void VerifyDigest(string entry, byte[] digest, HashAlgorithmName hash, byte[] signature, SigningAlgorithm? algorithm = null)
    {
        bool ok;
        try
        {
            ok = Key.VerifyDigest(digest, hash, signature, algorithm);
        }
        catch (NotSupportedException)
        {
            throw new SignetFormatException($"{entry} cannot verify a {SigningAlgorithms.ToRegistryName(algorithm ?? Key.DefaultAlgorithm)} signature over a digest (an Ed25519 key signs a digest as PKIX_ED25519_PH: Ed25519ph over SHA-512)");
        }
        catch (ArgumentException e)
        {
            throw new SignetFormatException($"{entry}: {algorithm} does not fit the given key: {e.Message}", e);
        }

        if (!ok)
        {
            throw new SignetFormatException($"{entry}: the signature does not verify against the given key and digest");
        }
    }

    private static EntrySigner ParseCertificate(byte[] der, string path)
    {
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new SignetFormatException($"{path}: not a DER X.509 certificate: {e.Message}", e);
        }

        using (cert)
        {
            var email = cert.GetNameInfo(X509NameType.EmailName, forIssuer: false);
            return new EntrySigner(VerificationKey.FromCertificate(cert), der, string.IsNullOrEmpty(email) ? null : email, UriSans(cert));
        }
    }

    /// <summary>The URI SANs a log indexes a certificate under, as Rekor indexes every SAN. A SAN extension too
    /// malformed to read only goes unindexed: whether the entry is accepted is decided by its signature check.</summary>
    private static string[] UriSans(X509Certificate2 cert)
    {
        var extension = cert.Extensions[X509Oids.SubjectAltName];
        if (extension is null)
        {
            return [];
        }

        try
        {
            return Certificates.SubjectAlternativeName.ReadExtension(extension.RawData)
                .Where(n => n.Kind == Certificates.SubjectAlternativeNameKind.Uri).Select(n => n.Value).ToArray();
        }
        catch (SignetFormatException)
        {
            return [];
        }
    }

    private static EntrySigner Cached(char kind, byte[] der, Func<EntrySigner> parse)
    {
        var key = kind + Convert.ToBase64String(der);
        if (Cache.TryGetValue(key, out var known))
        {
            return known;
        }

        var signer = parse();
        if (Cache.Count >= CacheCapacity)
        {
            Cache.Clear();
        }

        Cache[key] = signer;
        return signer;
    }
}
