using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;

namespace Signet.Benchmarks.Verification;

/// <summary>
/// In-process verification of the conformance happy-path bundles (v0.3 single certificate, v0.1 chain, and with an
/// RFC 3161 timestamp: <c>rekor2-happy-path</c> — a Rekor v2 entry, its own trusted root — and
/// <c>managed-key-happy-path</c> — a v0.3 key-signed bundle with a Rekor v1 entry) against their trusted roots parsed
/// once. Each bundle is its own category whose baseline is the raw signature checks that bundle needs
/// (<see cref="RawSignatureChecks"/>) with keys imported beforehand, measured in the same run: the Ratio column is verify ÷ raw, so
/// 1 / Ratio is the share of verification time spent in unavoidable signature checks (goal ≥ 0.5), and
/// verify − raw is the non-signature work per bundle. A third row checks the artifact signature with the leaf's key
/// decoded and imported afresh (as the verifier must for a certificate it has never seen) instead of a warm key.
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
    private RawSignatureChecks _raw3 = null!;
    private RawSignatureChecks _raw1 = null!;
    private Verifier _rekor2Verifier = null!;
    private VerificationPolicy _rekor2Policy = null!;
    private Bundle _rekor2 = null!;
    private RawSignatureChecks _rawRekor2 = null!;
    private VerificationPolicy _keyPolicy = null!;
    private Bundle _keyTsa = null!;
    private RawSignatureChecks _rawKeyTsa = null!;
    private IReadOnlyList<TrustedCertificateAuthority> _rekor2Tsas = null!;
    private IReadOnlyList<TrustedCertificateAuthority> _productionTsas = null!;

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
        _raw3 = RawSignatureChecks.For(_v3, trust, _artifact);
        _raw1 = RawSignatureChecks.For(_v1, trust, _artifact);

        var rekor2Trust = TrustedMaterial.Parse(File.ReadAllBytes(Path.Combine(data, "rekor2-happy-path", "trusted_root.json")));
        _rekor2Verifier = new Verifier(rekor2Trust);
        _rekor2Policy = _policy;
        _rekor2 = Bundle.Parse(File.ReadAllBytes(Path.Combine(data, "rekor2-happy-path", "bundle.sigstore.json")));
        _rawRekor2 = RawSignatureChecks.For(_rekor2, rekor2Trust, _artifact);
        _rekor2Tsas = rekor2Trust.TimestampAuthorities;
        _productionTsas = trust.TimestampAuthorities;

        var key = VerificationKey.FromPem(File.ReadAllText(Path.Combine(data, "managed-key-happy-path", "key.pub")));
        _keyPolicy = VerificationPolicy.ForPublicKey(key);
        _keyTsa = Bundle.Parse(File.ReadAllBytes(Path.Combine(data, "managed-key-happy-path", "bundle.sigstore.json")));
        _rawKeyTsa = RawSignatureChecks.For(_keyTsa, trust, _artifact, key);

        // Fail loudly if the setup does not verify: a benchmark of a failing path is meaningless.
        Verify_v03();
        Verify_v01();
        VerifyRekor2();
        VerifyKeyTsa();
        if (!_raw3.Run() || !_raw1.Run() || !_rawRekor2.Run() || !_rawKeyTsa.Run() || !RawChecksAndLeafDecode_v03() || !RawChecksAndLeafDecode_v01())
        {
            throw new InvalidOperationException("raw signature checks do not verify");
        }
    }

    [BenchmarkCategory("v0.3 happy path"), Benchmark(Baseline = true, Description = "raw signature checks")]
    public bool RawSignatureChecks_v03() => _raw3.Run();

    [BenchmarkCategory("v0.3 happy path"), Benchmark(Description = "raw checks, fresh leaf key")]
    public bool RawChecksAndLeafDecode_v03() => _raw3.RunWithLeafDecode();

    [BenchmarkCategory("v0.3 happy path"), Benchmark(Description = "verify")]
    public VerificationResult Verify_v03() => _verifier.Verify(_v3, Artifact.FromBytes(_artifact), _policy);

    [BenchmarkCategory("v0.1 chain bundle"), Benchmark(Baseline = true, Description = "raw signature checks")]
    public bool RawSignatureChecks_v01() => _raw1.Run();

    [BenchmarkCategory("v0.1 chain bundle"), Benchmark(Description = "raw checks, fresh leaf key")]
    public bool RawChecksAndLeafDecode_v01() => _raw1.RunWithLeafDecode();

    [BenchmarkCategory("v0.1 chain bundle"), Benchmark(Description = "verify")]
    public VerificationResult Verify_v01() => _verifier.Verify(_v1, Artifact.FromBytes(_artifact), _policy);

    [BenchmarkCategory("rekor2 happy path (RFC 3161)"), Benchmark(Baseline = true, Description = "raw signature checks")]
    public bool RawSignatureChecksRekor2() => _rawRekor2.Run();

    [BenchmarkCategory("rekor2 happy path (RFC 3161)"), Benchmark(Description = "verify")]
    public VerificationResult VerifyRekor2() => _rekor2Verifier.Verify(_rekor2, Artifact.FromBytes(_artifact), _rekor2Policy);

    /// <summary>
    /// What session 14's fix for the parallel timestamp refusal added to every timestamp verification: fresh copies
    /// of the trusted TSA chain, loaded and disposed (since replaced by decoding the shared chain once).
    /// </summary>
    [BenchmarkCategory("rekor2 happy path (RFC 3161)"), Benchmark(Description = "TSA chain copies (removed)")]
    public int TsaChainCopiesRekor2() => CopyChains(_rekor2Tsas);

    [BenchmarkCategory("v0.3 key, Rekor v1 + RFC 3161"), Benchmark(Baseline = true, Description = "raw signature checks")]
    public bool RawSignatureChecksKeyTsa() => _rawKeyTsa.Run();

    [BenchmarkCategory("v0.3 key, Rekor v1 + RFC 3161"), Benchmark(Description = "verify")]
    public VerificationResult VerifyKeyTsa() => _verifier.Verify(_keyTsa, Artifact.FromBytes(_artifact), _keyPolicy);

    [BenchmarkCategory("v0.3 key, Rekor v1 + RFC 3161"), Benchmark(Description = "TSA chain copies (removed)")]
    public int TsaChainCopiesKeyTsa() => CopyChains(_productionTsas);

    /// <summary>One load and dispose of every certificate of each authority's chain, as each timestamp check did.</summary>
    private static int CopyChains(IReadOnlyList<TrustedCertificateAuthority> authorities)
    {
        var n = 0;
        foreach (var tsa in authorities)
        {
            foreach (var c in tsa.Chain)
            {
                using var copy = X509CertificateLoader.LoadCertificate(c.RawDataMemory.Span);
                n += copy.RawDataMemory.Length;
            }
        }

        return n;
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
