using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Core.Keys;
using Signet.Files;

namespace Signet.Tsa;

/// <summary>
/// The TSA's signing key and certificate chain: a leaf with the critical timeStamping EKU (RFC 3161 §2.3) issued by
/// a root. The root's key signs once, when the chain is created, and is then discarded.
/// </summary>
public sealed class TsaCredentials : IDisposable
{
    private TsaCredentials()
    {
    }

    /// <summary>The leaf's private key.</summary>
    public ECDsa SigningKey { get; private init; } = null!;

    /// <summary>The signing certificate (leaf).</summary>
    public X509Certificate2 Leaf { get; private init; } = null!;

    /// <summary>The self-signed root that issued <see cref="Leaf"/>.</summary>
    public X509Certificate2 Root { get; private init; } = null!;

    /// <summary>The chain leaf first, as Sigstore's trusted root lists it.</summary>
    public IReadOnlyList<X509Certificate2> Chain => [Leaf, Root];

    /// <summary>The chain as PEM, leaf first (<c>GET /api/v1/timestamp/certchain</c>).</summary>
    public string ChainPem => Leaf.ExportCertificatePem() + "\n" + Root.ExportCertificatePem() + "\n";

    /// <summary>Creates a fresh P-256 root and timestamping leaf valid from <paramref name="now"/>.</summary>
    public static TsaCredentials Create(DateTimeOffset now, string commonName = "Signet Timestamp Authority") =>
        Create(now, ECDsa.Create(ECCurve.NamedCurves.nistP256), commonName);

    /// <summary>
    /// Creates a fresh P-256 root and a timestamping leaf for <paramref name="leafKey"/> (a key held elsewhere, such as a
    /// PKCS#11 token's; owned by the result), valid from <paramref name="now"/>. The root's key is discarded once it signed.
    /// </summary>
    public static TsaCredentials Create(DateTimeOffset now, ECDsa leafKey, string commonName = "Signet Timestamp Authority")
    {
        ArgumentNullException.ThrowIfNull(leafKey);
        var notBefore = now.AddMinutes(-5);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest(
            new X500DistinguishedName($"CN={commonName} Root, O=Signet"), rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var rootWithKey = rootRequest.CreateSelfSigned(notBefore, now.AddYears(10));
        var root = X509CertificateLoader.LoadCertificate(rootWithKey.RawData);

        try
        {
            var leafRequest = new CertificateRequest(
                new X500DistinguishedName($"CN={commonName}, O=Signet"), leafKey, HashAlgorithmName.SHA256);
            leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));

            // RFC 3161 §2.3: the TSA's certificate MUST contain only id-kp-timeStamping, marked critical.
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                new OidCollection { new Oid(X509Oids.TimeStampingEku) }, true));
            leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
            leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
            using var leafNoKey = leafRequest.Create(rootWithKey, notBefore, now.AddYears(5), serial);
            var leaf = X509CertificateLoader.LoadCertificate(leafNoKey.RawData);
            return new TsaCredentials { SigningKey = leafKey, Leaf = leaf, Root = root };
        }
        catch
        {
            leafKey.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads the chain and key from <paramref name="tsaDirectory"/> (<c>certchain.pem</c>) and
    /// <paramref name="keysDirectory"/> (<c>tsa.key.pem</c>, mode 0600), creating both on first start.
    /// </summary>
    public static TsaCredentials LoadOrCreate(string tsaDirectory, string keysDirectory, DateTimeOffset now)
    {
        var chainPath = Path.Combine(tsaDirectory, "certchain.pem");
        var keyPath = Path.Combine(keysDirectory, "tsa.key.pem");
        var haveChain = File.Exists(chainPath);
        var haveKey = File.Exists(keyPath);
        if (haveChain && haveKey)
        {
            return Load(File.ReadAllText(chainPath), File.ReadAllText(keyPath), chainPath);
        }

        if (haveChain || haveKey)
        {
            throw new SignetFormatException(
                $"TSA: found {(haveKey ? keyPath : chainPath)} without {(haveKey ? chainPath : keyPath)}; restore it or remove both");
        }

        Directory.CreateDirectory(tsaDirectory);
        Directory.CreateDirectory(keysDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keysDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var created = Create(now);
        try
        {
            // The key first, created 0600 from the start so it is never readable by others.
            DurableFile.CreateNew(keyPath, created.SigningKey.ExportPkcs8PrivateKeyPem());
            DurableFile.CreateNew(chainPath, created.ChainPem, DurableFile.Readable);
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The TSA with an operator's key (<c>signet serve --tsa-key</c>, a file or a PKCS#11 token's; owned by the result):
    /// the chain in <paramref name="tsaDirectory"/> (<c>certchain.pem</c>) when its leaf is for that key, else — on first
    /// start — a new chain for it, written there. A chain for another key is refused, not replaced.
    /// </summary>
    public static TsaCredentials LoadOrCreateFor(string tsaDirectory, ECDsa key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var chainPath = Path.Combine(tsaDirectory, "certchain.pem");
        if (File.Exists(chainPath))
        {
            return FromChain(File.ReadAllText(chainPath), key, $"TSA: {chainPath}", "; move it away to make one for the new key");
        }

        try
        {
            Directory.CreateDirectory(tsaDirectory);
            var created = Create(now, key);
            DurableFile.CreateNew(chainPath, created.ChainPem, DurableFile.Readable);
            return created;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Loads credentials from a PEM chain (leaf first, then its issuer) and a PKCS#8 PEM key.</summary>
    /// <exception cref="SignetFormatException">The PEM is malformed or the key does not belong to the leaf.</exception>
    public static TsaCredentials Load(string chainPem, string keyPem, string what = "TSA chain") =>
        FromChain(chainPem, EcPrivateKeyPem.Import(keyPem, $"{what}: the signing key"), what, remedy: "");

    // The chain (leaf, root) whose leaf certifies key; the result owns key, which any failure disposes.
    private static TsaCredentials FromChain(string chainPem, ECDsa key, string what, string remedy)
    {
        try
        {
            var certs = new X509Certificate2Collection();
            certs.ImportFromPem(chainPem);
            if (certs.Count != 2)
            {
                throw new SignetFormatException($"{what}: expected 2 certificates (leaf, root), found {certs.Count}{remedy}");
            }

            if (!CertifiedKey.Matches(certs[0], key))
            {
                throw new SignetFormatException($"{what}: the signing key does not match the leaf certificate{remedy}");
            }

            return new TsaCredentials { SigningKey = key, Leaf = certs[0], Root = certs[1] };
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new SignetFormatException($"{what}: not a PEM certificate chain ({e.Message})", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        SigningKey.Dispose();
        Leaf.Dispose();
        Root.Dispose();
    }
}
