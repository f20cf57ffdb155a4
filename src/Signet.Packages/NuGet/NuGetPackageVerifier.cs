using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;

namespace Signet.Packages.NuGet;

/// <summary>
/// Verifies the Sigstore bundles a NuGet package carries next to the files they sign (<c>lib/net8.0/X.dll.sigstore.json</c>
/// beside <c>lib/net8.0/X.dll</c>, as OpenTelemetry .NET ships them) with Signet's one <see cref="Verifier"/>, built once
/// with its trust material and shared by every file and package (thread-safe). Each file gets its own outcome; with
/// <c>requireAll</c> every DLL must carry a bundle that verifies.
/// </summary>
/// <param name="verifier">The verifier (its trusted material parsed once for the process).</param>
public sealed class NuGetPackageVerifier(Verifier verifier)
{
    /// <summary>The suffix of an embedded bundle: <c>X.dll.sigstore.json</c> signs <c>X.dll</c>.</summary>
    public const string BundleSuffix = ".sigstore.json";

    /// <summary>Verifies every bundle of <paramref name="package"/> under <paramref name="policy"/>.</summary>
    /// <param name="package">The package.</param>
    /// <param name="policy">Who must have signed each file.</param>
    /// <param name="requireAll">Whether every <c>.dll</c> must carry a verified bundle.</param>
    /// <param name="progress">Told how many of the package's bundles (<see cref="BundleCount"/>) are done so far, from
    /// the verifying threads; null for none.</param>
    public NuGetVerification Verify(NuGetPackage package, VerificationPolicy policy, bool requireAll, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(policy);
        var bundles = package.Files.Where(IsBundle).ToList();

        // Files are independent: verified in parallel, reported in package order.
        var outcomes = new NuGetFileOutcome[bundles.Count];
        long done = 0;
        Parallel.For(0, bundles.Count, i =>
        {
            outcomes[i] = VerifyOne(package, bundles[i], policy);
            progress?.Report(Interlocked.Increment(ref done));
        });
        var results = outcomes.ToList();

        var signed = new HashSet<string>(bundles.Select(b => b.Path[..^BundleSuffix.Length]), StringComparer.Ordinal);
        foreach (var dll in package.Files.Where(f => f.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !signed.Contains(f.Path)))
        {
            results.Add(new NuGetFileOutcome(dll.Path, null, requireAll ? NuGetFileStatus.MissingBundle : NuGetFileStatus.NotRequired, null, "no Sigstore bundle"));
        }

        return new NuGetVerification(package.Id, package.Version, requireAll, results);
    }

    /// <summary>How many bundles <paramref name="package"/> carries: the units of <see cref="Verify"/>'s progress.</summary>
    /// <param name="package">The package.</param>
    public static int BundleCount(NuGetPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.Files.Count(IsBundle);
    }

    private static bool IsBundle(Archives.PackageFile file) => file.Path.EndsWith(BundleSuffix, StringComparison.OrdinalIgnoreCase);

    private NuGetFileOutcome VerifyOne(NuGetPackage package, Archives.PackageFile bundleFile, VerificationPolicy policy)
    {
        var artifactPath = bundleFile.Path[..^BundleSuffix.Length];
        if (package.Find(artifactPath) is not { } artifact)
        {
            return new NuGetFileOutcome(artifactPath, bundleFile.Path, NuGetFileStatus.Invalid, null, $"{bundleFile.Path} signs {artifactPath}, which is not in the package");
        }

        try
        {
            var result = verifier.Verify(Bundle.Parse(bundleFile.Content.Span), Artifact.FromBytes(artifact.Content), policy);
            return new NuGetFileOutcome(artifactPath, bundleFile.Path, NuGetFileStatus.Verified, result, null);
        }
        catch (VerificationException e)
        {
            return new NuGetFileOutcome(artifactPath, bundleFile.Path, NuGetFileStatus.Refused, null, e.Message) { Code = e.Code };
        }
        catch (SignetFormatException e)
        {
            return new NuGetFileOutcome(artifactPath, bundleFile.Path, NuGetFileStatus.Invalid, null, e.Message);
        }
    }
}
