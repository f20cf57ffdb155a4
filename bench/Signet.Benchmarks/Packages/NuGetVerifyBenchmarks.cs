using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Signet.Benchmarks.Verification;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Packages.NuGet;

namespace Signet.Benchmarks.Packages;

/// <summary>
/// Issue 17's goal: <c>signet nuget verify</c> of a package with 20 signed DLLs costs at most 2× the 20 bare in-process
/// verifications, measured in one run. The package is built in memory: 20 files <c>lib/net8.0/LibNN.dll</c>, each with
/// the conformance v0.3 happy-path bundle beside it (a real public-good bundle; the verifier's work does not depend on
/// the file being a DLL), under the production trusted root parsed once. Baseline: 20 × (parse the bundle, verify it
/// against its file), one after another. Rows: the package read (zip, nuspec, bounds) and verified as
/// <see cref="NuGetPackageVerifier"/> does it (files in parallel), and the same with one thread.
/// </summary>
[MemoryDiagnoser]
public class NuGetVerifyBenchmarks
{
    private const int Files = 20;

    private Verifier _verifier = null!;
    private NuGetPackageVerifier _packageVerifier = null!;
    private VerificationPolicy _policy = null!;
    private byte[] _artifact = null!;
    private byte[] _bundle = null!;
    private byte[] _nupkg = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = BenchData.ConformanceDir();
        _verifier = new Verifier(TrustedMaterial.Parse(File.ReadAllBytes(Path.Combine(data, "..", "..", "production_trusted_root.json"))));
        _packageVerifier = new NuGetPackageVerifier(_verifier);
        _policy = VerificationPolicy.ForIdentity(
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
            "https://token.actions.githubusercontent.com");
        _artifact = File.ReadAllBytes(Path.Combine(data, "a.txt"));
        _bundle = File.ReadAllBytes(Path.Combine(data, "happy-path-v0.3", "bundle.sigstore.json"));
        _nupkg = Package();

        // Fail loudly if the setup does not verify: a benchmark of a failing path is meaningless.
        if (!NuGetVerify().Verified || NuGetVerifyOneThread() != Files || BareVerifications() != Files)
        {
            throw new InvalidOperationException("the package does not verify");
        }
    }

    [Benchmark(Baseline = true, Description = "20 bare verifications (parse + verify each)")]
    public int BareVerifications()
    {
        var verified = 0;
        for (var i = 0; i < Files; i++)
        {
            _ = _verifier.Verify(Bundle.Parse(_bundle), Artifact.FromBytes(_artifact), _policy);
            verified++;
        }

        return verified;
    }

    [Benchmark(Description = "nuget verify (read package, verify 20 files in parallel)")]
    public NuGetVerification NuGetVerify() => _packageVerifier.Verify(NuGetPackage.Read("bench.1.0.0.nupkg", _nupkg), _policy, requireAll: true);

    [Benchmark(Description = "nuget verify, one thread (read package, verify 20 files in turn)")]
    public int NuGetVerifyOneThread()
    {
        var package = NuGetPackage.Read("bench.1.0.0.nupkg", _nupkg);
        var verified = 0;
        foreach (var bundle in package.Files.Where(f => f.Path.EndsWith(NuGetPackageVerifier.BundleSuffix, StringComparison.Ordinal)))
        {
            var file = package.Find(bundle.Path[..^NuGetPackageVerifier.BundleSuffix.Length])!;
            _ = _verifier.Verify(Bundle.Parse(bundle.Content.Span), Artifact.FromBytes(file.Content), _policy);
            verified++;
        }

        return verified;
    }

    private byte[] Package()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "Bench.nuspec", System.Text.Encoding.UTF8.GetBytes(
                "<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>Bench</id><version>1.0.0</version><authors>bench</authors><description>bench</description></metadata></package>"));
            for (var i = 0; i < Files; i++)
            {
                Add(zip, $"lib/net8.0/Lib{i:00}.dll", _artifact);
                Add(zip, $"lib/net8.0/Lib{i:00}.dll.sigstore.json", _bundle);
            }
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string path, byte[] content)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }
}
