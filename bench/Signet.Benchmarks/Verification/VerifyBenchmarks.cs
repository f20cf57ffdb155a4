using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using Signet.Core.Bundles;
using Signet.Core.Certificates;
using Signet.Core.Ct;
using Signet.Core.Keys;
using Signet.Core.Verification;

namespace Signet.Benchmarks.Verification;

/// <summary>
/// In-process verification of the conformance happy-path bundles (v0.3 single certificate, v0.1 chain) against the
/// production trusted root parsed once. Each bundle is its own category whose baseline is the raw signature checks
/// that bundle needs (artifact signature, leaf certificate signature by the Fulcio intermediate, SCT, SET,
/// checkpoint) with keys imported beforehand, measured in the same run: the Ratio column is verify ÷ raw, so
/// 1 / Ratio is the share of verification time spent in unavoidable signature checks (goal ≥ 0.5), and
/// verify − raw is the non-signature work per bundle. A third row adds the one leaf-certificate decode (which
/// imports the leaf's public key) to the raw checks, the least any verifier of a fresh certificate must do.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class VerifyBenchmarks
{
    private Verifier _verifier = null!;
    private VerificationPolicy _policy = null!;
    private Bundle _v3 = null!;
    private Bundle _v1 = null!;
    private byte[] _artifact = null!;
    private RawChecks _raw3 = null!;
    private RawChecks _raw1 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = BenchData.ConformanceDir();
        var root = TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(data, "..", "..", "production_trusted_root.json")));
        var trust = TrustedMaterial.FromTrustedRoot(root);
        _verifier = new Verifier(trust);
        _policy = VerificationPolicy.ForIdentity(
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
            "https://token.actions.githubusercontent.com");
        _artifact = File.ReadAllBytes(Path.Combine(data, "a.txt"));
        _v3 = Bundle.Parse(File.ReadAllBytes(Path.Combine(data, "happy-path-v0.3", "bundle.sigstore.json")));
        _v1 = Bundle.Parse(File.ReadAllBytes(Path.Combine(data, "happy-path-v0.1", "bundle.sigstore.json")));
        _raw3 = RawChecks.For(_v3, trust, _artifact);
        _raw1 = RawChecks.For(_v1, trust, _artifact);

        // Fail loudly if the setup does not verify: a benchmark of a failing path is meaningless.
        Verify_v03();
        Verify_v01();
        if (!_raw3.Run() || !_raw1.Run() || !RawChecksAndLeafDecode_v03() || !RawChecksAndLeafDecode_v01())
        {
            throw new InvalidOperationException("raw signature checks do not verify");
        }
    }

    [BenchmarkCategory("v0.3 happy path"), Benchmark(Baseline = true, Description = "raw signature checks")]
    public bool RawSignatureChecks_v03() => _raw3.Run();

    [BenchmarkCategory("v0.3 happy path"), Benchmark(Description = "raw checks + leaf decode")]
    public bool RawChecksAndLeafDecode_v03() => _raw3.RunWithLeafDecode();

    [BenchmarkCategory("v0.3 happy path"), Benchmark(Description = "verify")]
    public VerificationResult Verify_v03() => _verifier.Verify(_v3, Artifact.FromBytes(_artifact), _policy);

    [BenchmarkCategory("v0.1 chain bundle"), Benchmark(Baseline = true, Description = "raw signature checks")]
    public bool RawSignatureChecks_v01() => _raw1.Run();

    [BenchmarkCategory("v0.1 chain bundle"), Benchmark(Description = "raw checks + leaf decode")]
    public bool RawChecksAndLeafDecode_v01() => _raw1.RunWithLeafDecode();

    [BenchmarkCategory("v0.1 chain bundle"), Benchmark(Description = "verify")]
    public VerificationResult Verify_v01() => _verifier.Verify(_v1, Artifact.FromBytes(_artifact), _policy);

    /// <summary>Exactly the public-key operations a verifier cannot avoid for one bundle.</summary>
    private sealed class RawChecks
    {
        private readonly List<Func<bool>> _checks = [];
        private byte[] _leafDer = [];

        /// <summary>The raw checks, plus decoding the leaf certificate (with its key) as the verifier must.</summary>
        public bool RunWithLeafDecode()
        {
            using var leaf = X509CertificateLoader.LoadCertificate(_leafDer);
            using var key = leaf.GetECDsaPublicKey();
            return key is not null && Run();
        }

        public bool Run()
        {
            var ok = true;
            foreach (var c in _checks)
            {
                ok &= c();
            }

            return ok;
        }

        public static RawChecks For(Bundle b, TrustedMaterial trust, byte[] artifact)
        {
            var r = new RawChecks();
            var leafDer = b.VerificationMaterial.LeafCertificate!;
            r._leafDer = leafDer;
            var leaf = X509CertificateLoader.LoadCertificate(leafDer);
            var parts = X509Parts.Parse(leafDer);
            var key = VerificationKey.FromCertificate(leaf);
            var sig = b.MessageSignature!.Signature;
            var digest = SHA256.HashData(artifact);
            r._checks.Add(() => key.VerifyDigest(digest, HashAlgorithmName.SHA256, sig));

            var ca = trust.CertificateAuthorities.First(c => parts.IsSignedBy(c.IssuingKey));
            r._checks.Add(() => parts.IsSignedBy(ca.IssuingKey));

            var sct = SignedCertificateTimestamp.ReadList(leaf.Extensions[FulcioOids.SctList]!.RawData)[0];
            var ct = trust.CtLogs.First(l => l.LogId.AsSpan().SequenceEqual(sct.LogId));
            var sctData = sct.PrecertSignedData(ca.IssuerKeyHash, Precertificate.TbsWithoutSctList(parts.TbsCertificate));
            r._checks.Add(() => ct.Key.Verify(sctData, sct.Signature));

            var e = b.VerificationMaterial.TlogEntries[0];
            var log = trust.TransparencyLogs.First(l => l.LogId.AsSpan().SequenceEqual(e.LogId));
            var set = Encoding.UTF8.GetBytes($$"""{"body":"{{Convert.ToBase64String(e.CanonicalizedBody!)}}","integratedTime":{{e.IntegratedTime}},"logID":"{{Convert.ToHexString(e.LogId).ToLowerInvariant()}}","logIndex":{{e.LogIndex}}}""");
            r._checks.Add(() => log.Key.Verify(set, e.SignedEntryTimestamp));

            if (e.InclusionProof?.Checkpoint is { } cp)
            {
                var split = cp.IndexOf("\n\n", StringComparison.Ordinal);
                var text = Encoding.UTF8.GetBytes(cp[..(split + 1)]);
                var line = cp[(split + 2)..].TrimEnd('\n');
                var sigBytes = Convert.FromBase64String(line[(line.LastIndexOf(' ') + 1)..])[4..];
                r._checks.Add(() => log.Key.Verify(text, sigBytes));
            }

            return r;
        }
    }
}

internal static class BenchData
{
    /// <summary>The conformance cases copied into the test project (found by walking up to the solution).</summary>
    public static string ConformanceDir()
        => Path.Combine(RepositoryRoot(), "tests", "Signet.Conformance.Tests", "TestData", "conformance", "bundle-verify");

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Signet.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Signet.slnx not found above the benchmark");
    }
}
