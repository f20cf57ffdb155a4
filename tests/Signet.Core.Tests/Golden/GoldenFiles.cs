using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Encoding;
using Signet.Core.Keys;

namespace Signet.Core.Tests.Golden;

/// <summary>The wire golden files (TestData/Golden, see its README) and the fixed inputs they were made from.</summary>
internal static class GoldenFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "Golden");

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static string Text(string name) => System.Text.Encoding.UTF8.GetString(Bytes(name));

    public static byte[] Artifact => Bytes("inputs/artifact.txt");

    public static byte[] ArtifactDigest => SHA256.HashData(Artifact);

    public static byte[] ArtifactSignature => Bytes("inputs/artifact.sig");

    public static byte[] Statement => Bytes("inputs/statement.json");

    public static byte[] StatementSignature => Bytes("inputs/statement.sig");

    public static SigningKey SignerKey() => SigningKey.FromPem(Text("inputs/signer-key.pem"));

    public static SigningKey RekorLogKey() => SigningKey.FromPem(Text("inputs/rekor-log-key.pem"));

    public static SigningKey CtLogKey() => SigningKey.FromPem(Text("inputs/ct-log-key.pem"));

    public static byte[] SignerCertificateDer => Pem.Decode(Text("inputs/signer-cert.pem"), "CERTIFICATE");

    public static byte[] CaCertificateDer => Pem.Decode(Text("inputs/ca-cert.pem"), "CERTIFICATE");

    public static X509Certificate2 FinalCertificate() => X509CertificateLoader.LoadCertificate(Pem.Decode(Text("sct-final-cert.pem"), "CERTIFICATE"));

    /// <summary>RFC 6962 §3.2 issuer_key_hash: SHA-256 of the issuing CA's SubjectPublicKeyInfo.</summary>
    public static byte[] IssuerKeyHash()
    {
        using var ca = X509CertificateLoader.LoadCertificate(CaCertificateDer);
        return SHA256.HashData(ca.PublicKey.ExportSubjectPublicKeyInfo());
    }

    public const long IntegratedTime = 1_704_067_200;

    public const long LogIndex = 42;

    public const long LargeLogIndex = (1L << 53) + 1;
}
