using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Signet.Core.Verification;

namespace Signet.Packages.Tests;

/// <summary>The copied fixture sets (TestData/README.md) and the trust roots their verdicts are stated under.</summary>
internal static class Fixtures
{
    public static string Dir(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Dir(parts));

    public static string ProductionRoot => Dir("production_trusted_root.json");

    public static string StagingRoot => Dir("pep740", "staging_trusted_root.json");

    public static readonly Lazy<TrustedMaterial> Production = new(() => TrustedMaterial.Parse(File.ReadAllBytes(ProductionRoot)));

    public static readonly Lazy<TrustedMaterial> Staging = new(() => TrustedMaterial.Parse(File.ReadAllBytes(StagingRoot)));

    public static Verifier ProductionVerifier() => new(Production.Value);

    /// <summary>
    /// The 2022 Sigstore staging trust that sigstore-python's 2023 unit tests used (its staging TUF mirror's files, in
    /// cosign-legacy/sigstore-python/staging-tuf-2022/) as a trusted root: the Fulcio root and intermediate, the Rekor key
    /// (log id d32f30a3…) and the CT log keys, each trusted from 2021 on.
    /// </summary>
    public static string Staging2022Root(string work)
    {
        string Pem(string name) => File.ReadAllText(Dir("cosign-legacy", "sigstore-python", "staging-tuf-2022", name));
        JsonObject Log(string baseUrl, string keyFile)
        {
            var pem = Pem(keyFile);
            byte[] spki;
            string details;
            if (pem.Contains("BEGIN RSA PUBLIC KEY", StringComparison.Ordinal))
            {
                // The 2022 CT log key is PKCS#1 (RSA PUBLIC KEY); a trusted root holds SubjectPublicKeyInfo.
                using var rsa = System.Security.Cryptography.RSA.Create();
                rsa.ImportRSAPublicKey(Signet.Core.Encoding.Pem.Decode(pem, "RSA PUBLIC KEY"), out _);
                spki = rsa.ExportSubjectPublicKeyInfo();
                details = rsa.KeySize >= 4096 ? "PKIX_RSA_PKCS1V15_4096_SHA256" : "PKIX_RSA_PKCS1V15_2048_SHA256";
            }
            else
            {
                spki = Signet.Core.Encoding.Pem.Decode(pem, "PUBLIC KEY");
                details = "PKIX_ECDSA_P256_SHA_256";
            }

            return new JsonObject
            {
                ["baseUrl"] = baseUrl,
                ["hashAlgorithm"] = "SHA2_256",
                ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(spki), ["keyDetails"] = details, ["validFor"] = new JsonObject { ["start"] = "2021-01-01T00:00:00Z" } },
                ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(SHA256.HashData(spki)) },
            };
        }

        var chain = new JsonArray(
            new JsonObject { ["rawBytes"] = Convert.ToBase64String(Signet.Core.Encoding.Pem.Decode(Pem("fulcio_intermediate.crt.pem"), "CERTIFICATE")) },
            new JsonObject { ["rawBytes"] = Convert.ToBase64String(Signet.Core.Encoding.Pem.Decode(Pem("fulcio.crt.pem"), "CERTIFICATE")) });
        var root = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            ["tlogs"] = new JsonArray(Log("https://rekor.sigstage.dev", "rekor.pub")),
            ["certificateAuthorities"] = new JsonArray(new JsonObject
            {
                ["subject"] = new JsonObject { ["organization"] = "sigstore.dev", ["commonName"] = "sigstore" },
                ["uri"] = "https://fulcio.sigstage.dev",
                ["certChain"] = new JsonObject { ["certificates"] = chain },
                ["validFor"] = new JsonObject { ["start"] = "2021-01-01T00:00:00Z" },
            }),
            ["ctlogs"] = new JsonArray(Log("https://ctfe.sigstage.dev/test", "ctfe.pub"), Log("https://ctfe.sigstage.dev/2022", "ctfe_2022.pub"), Log("https://ctfe.sigstage.dev/2022-2", "ctfe_2022_2.pub")),
        };
        var path = Path.Combine(work, "staging-2022-trusted-root.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }
}

/// <summary>The exit codes of the signet CLI (README "Exit codes").</summary>
internal static class Exit
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int Usage = 2;
    public const int InvalidInput = 3;
    public const int Unavailable = 4;
}
