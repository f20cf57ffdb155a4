using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Keys;

namespace Signet.Ca.Issuance;

/// <summary>
/// The CA's root and intermediate (Fulcio certificate-specification.md "Root Certificate", "Intermediate
/// Certificate"): generated on first start into a directory (private keys written 0600) or loaded from PEM files.
/// Files: <c>root.pem</c>, <c>intermediate.pem</c> (certificates) and <c>ca-root.key.pem</c>, <c>ca-intermediate.key.pem</c>
/// (PKCS#8) in the key directory.
/// </summary>
public static class CaKeyStore
{
    public const string RootCertificateFile = "root.pem";
    public const string IntermediateCertificateFile = "intermediate.pem";
    public const string IntermediateKeyFile = "ca-intermediate.key.pem";
    public const string RootKeyFile = "ca-root.key.pem";

    /// <summary>Key algorithms of a generated CA (Fulcio lets the operator choose); P-256 is the default.</summary>
    public static readonly IReadOnlyList<string> KeyAlgorithms = ["ecdsa-p256", "ecdsa-p384"];

    /// <summary>The curve size of a <see cref="KeyAlgorithms"/> name.</summary>
    public static int CurveBitsOf(string keyAlgorithm) => keyAlgorithm switch
    {
        "ecdsa-p256" => 256,
        "ecdsa-p384" => 384,
        _ => throw new ArgumentException($"CA key algorithm '{keyAlgorithm}' is not one of {string.Join(", ", KeyAlgorithms)}"),
    };

    /// <summary>
    /// Loads the CA from <paramref name="certificateDirectory"/>/<paramref name="keyDirectory"/>, generating it when
    /// absent with root and intermediate keys on the curve of <paramref name="curveBits"/> (an existing CA keeps its keys).
    /// </summary>
    public static CaMaterial LoadOrCreate(string certificateDirectory, string keyDirectory, TimeProvider time, string organization = "Signet", int curveBits = 256)
    {
        var intermediatePath = Path.Combine(certificateDirectory, IntermediateCertificateFile);
        if (!File.Exists(intermediatePath))
        {
            Generate(certificateDirectory, keyDirectory, time, organization, curveBits);
        }

        return Load(
            File.ReadAllText(Path.Combine(certificateDirectory, RootCertificateFile)),
            File.ReadAllText(intermediatePath),
            File.ReadAllText(Path.Combine(keyDirectory, IntermediateKeyFile)));
    }

    /// <summary>Loads a CA whose intermediate (or root, when both PEMs are the same certificate) signs leaves.</summary>
    public static CaMaterial Load(string rootPem, string issuingCertificatePem, string issuingKeyPem)
    {
        var root = X509Certificate2.CreateFromPem(rootPem);
        var issuing = X509Certificate2.CreateFromPem(issuingCertificatePem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(issuingKeyPem);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new SignetFormatException("CA key: not an ECDSA private key in PEM", e);
        }

        var signingKey = new IssuingKey(issuing, key);
        X509Certificate2[] above = issuing.RawData.AsSpan().SequenceEqual(root.RawData) ? [] : [root];
        return new CaMaterial(signingKey, above, root);
    }

    private static void Generate(string certificateDirectory, string keyDirectory, TimeProvider time, string organization, int curveBits)
    {
        Directory.CreateDirectory(certificateDirectory);
        Directory.CreateDirectory(keyDirectory);
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

        WritePrivate(Path.Combine(keyDirectory, RootKeyFile), rootKey.ExportPkcs8PrivateKeyPem());
        WritePrivate(Path.Combine(keyDirectory, IntermediateKeyFile), intermediateKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(certificateDirectory, RootCertificateFile), root.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(certificateDirectory, IntermediateCertificateFile), intermediate.ExportCertificatePem() + "\n");
    }

    // certificate-specification.md: "a Subject with a common name and organization" (O first, as Fulcio writes it).
    private static X500DistinguishedName Name(string organization, string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(organization);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    /// <summary>Writes a private key readable by its owner only (0600), created with that mode so it is never wider.</summary>
    public static void WritePrivate(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Write('\n');
    }
}

/// <summary>A loaded CA: the key that signs leaves, the certificates above it and the root.</summary>
public sealed record CaMaterial(IssuingKey IssuingKey, IReadOnlyList<X509Certificate2> ChainAboveIssuer, X509Certificate2 Root);
