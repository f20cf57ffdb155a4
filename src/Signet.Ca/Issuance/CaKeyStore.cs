using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Keys;
using Signet.Files;

namespace Signet.Ca.Issuance;

/// <summary>
/// The CA's root and intermediate (Fulcio certificate-specification.md "Root Certificate", "Intermediate
/// Certificate"): generated on first start into a directory (private keys written 0600) or loaded from PEM files.
/// Files: <c>root.pem</c>, <c>intermediate.pem</c> (certificates) and <c>ca-root.key.pem</c>, <c>ca-intermediate.key.pem</c>
/// (PKCS#8) in the key directory.
/// </summary>
public static class CaKeyStore
{
    /// <summary>The key algorithm of a generated CA unless the operator chooses another.</summary>
    public const string DefaultKeyAlgorithm = "ecdsa-p256";

    // Key algorithms of a generated CA (Fulcio lets the operator choose) and their curve sizes.
    private static readonly (string Name, int CurveBits)[] Algorithms = [(DefaultKeyAlgorithm, 256), ("ecdsa-p384", 384)];

    /// <summary>Key algorithms of a generated CA; <see cref="DefaultKeyAlgorithm"/> is the default.</summary>
    public static IReadOnlyList<string> KeyAlgorithms { get; } = [.. Algorithms.Select(a => a.Name)];

    /// <summary>The curve size of a <see cref="KeyAlgorithms"/> name.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="KeyAlgorithms"/>.</exception>
    public static int CurveBitsOf(string keyAlgorithm) =>
        Array.Find(Algorithms, a => a.Name == keyAlgorithm) is { Name: not null } algorithm
            ? algorithm.CurveBits
            : throw new ArgumentException($"CA key algorithm '{keyAlgorithm}' is not one of {string.Join(", ", KeyAlgorithms)}");

    /// <summary>
    /// Loads the CA from <paramref name="certificateDirectory"/>/<paramref name="keyDirectory"/>, generating it when
    /// absent with root and intermediate keys on the curve of <paramref name="curveBits"/> (an existing CA keeps its keys).
    /// </summary>
    public static CaMaterial LoadOrCreate(string certificateDirectory, string keyDirectory, TimeProvider time, string organization = "Signet", int curveBits = 256)
    {
        var files = new CaFiles(certificateDirectory, keyDirectory);
        if (!File.Exists(files.IntermediateCertificate))
        {
            Generate(files, time, organization, curveBits);
        }

        return Load(File.ReadAllText(files.RootCertificate), File.ReadAllText(files.IntermediateCertificate), EcPrivateKeyPem.Import(File.ReadAllText(files.IntermediateKey), files.IntermediateKey));
    }

    /// <summary>Loads a CA whose intermediate (or root, when both PEMs are the same certificate) signs leaves.</summary>
    /// <exception cref="SignetFormatException">The key is not an unencrypted PEM EC private key.</exception>
    public static CaMaterial Load(string rootPem, string issuingCertificatePem, string issuingKeyPem) =>
        Load(rootPem, issuingCertificatePem, EcPrivateKeyPem.Import(issuingKeyPem, "CA key"));

    private static CaMaterial Load(string rootPem, string issuingCertificatePem, ECDsa key)
    {
        try
        {
            var root = X509Certificate2.CreateFromPem(rootPem);
            var issuing = X509Certificate2.CreateFromPem(issuingCertificatePem);
            var signingKey = new IssuingKey(issuing, key);
            X509Certificate2[] above = issuing.RawData.AsSpan().SequenceEqual(root.RawData) ? [] : [root];
            return new CaMaterial(signingKey, above, root);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new SignetFormatException($"CA: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static void Generate(CaFiles files, TimeProvider time, string organization, int curveBits)
    {
        Directory.CreateDirectory(files.CertificateDirectory);
        Directory.CreateDirectory(files.KeyDirectory);
        var curve = EllipticCurve.FromBits(curveBits) ?? throw new ArgumentException("CA curve must be 256, 384 or 521");
        var hash = curve.Hash;
        var now = time.GetUtcNow();
        using var rootKey = ECDsa.Create(curve.Curve);
        using var intermediateKey = ECDsa.Create(curve.Curve);

        var rootRequest = new CertificateRequest(Name(organization, organization.ToLowerInvariant()), rootKey, hash);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var rootSki = new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false);
        rootRequest.CertificateExtensions.Add(rootSki);
        using var root = rootRequest.Create(rootRequest.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddMinutes(-5), now.AddYears(10), LeafCertificateTemplate.NewSerial().ToByteArray(isUnsigned: true, isBigEndian: true));

        var intermediateRequest = new CertificateRequest(Name(organization, organization.ToLowerInvariant() + "-intermediate"), intermediateKey, hash);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(X509Oids.CodeSigningEku)], false));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(rootSki));
        using var intermediate = intermediateRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddMinutes(-5), now.AddYears(3), LeafCertificateTemplate.NewSerial().ToByteArray(isUnsigned: true, isBigEndian: true));

        DurableFile.CreateNew(files.RootKey, rootKey.ExportPkcs8PrivateKeyPem() + "\n");
        DurableFile.CreateNew(files.IntermediateKey, intermediateKey.ExportPkcs8PrivateKeyPem() + "\n");
        DurableFile.Replace(files.RootCertificate, root.ExportCertificatePem() + "\n");
        DurableFile.Replace(files.IntermediateCertificate, intermediate.ExportCertificatePem() + "\n");
    }

    // certificate-specification.md: "a Subject with a common name and organization" (O first, as Fulcio writes it).
    private static X500DistinguishedName Name(string organization, string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(organization);
        builder.AddCommonName(commonName);
        return builder.Build();
    }
}

/// <summary>A loaded CA: the key that signs leaves, the certificates above it and the root.</summary>
public sealed record CaMaterial(IssuingKey IssuingKey, IReadOnlyList<X509Certificate2> ChainAboveIssuer, X509Certificate2 Root);
