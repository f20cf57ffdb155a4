using Microsoft.Build.Framework;
using Signet.Core;
using Signet.Core.Verification;
using Signet.Packages.NuGet;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Signet.NuGet.Verify;

/// <summary>
/// The MSBuild task of <c>Signet.NuGet.Verify</c>: reads <c>signet-packages.yml</c> and the restore's
/// <c>project.assets.json</c>, verifies every resolved package a rule names (<see cref="RestoreCheck"/>) and logs one
/// error per refused package, naming it and the reason. A missing or invalid policy, assets file or trusted root is an
/// error too: referencing the package asks for the check, so it never passes by not running.
/// </summary>
public sealed class VerifySigstorePackages : MSBuildTask
{
    /// <summary>The error code of a refused package.</summary>
    public const string RefusedCode = "SIGNET1001";

    /// <summary>The error code of a missing or invalid policy, assets file or trusted root.</summary>
    public const string ConfigurationCode = "SIGNET1000";

    /// <summary>The restore's <c>project.assets.json</c> (<c>$(ProjectAssetsFile)</c>).</summary>
    [Required]
    public string AssetsFile { get; set; } = string.Empty;

    /// <summary>The <c>signet-packages.yml</c> to apply; empty when none was found.</summary>
    public string? PolicyFile { get; set; }

    /// <summary>Runs the check.</summary>
    public override bool Execute()
    {
        NativeLibraries.Register();
        if (string.IsNullOrEmpty(PolicyFile) || !File.Exists(PolicyFile))
        {
            Log.LogError(null, ConfigurationCode, null, AssetsFile, 0, 0, 0, 0,
                $"Signet.NuGet.Verify: no {PackagePolicy.FileName} found in the project folder or above (set SignetPackagesPolicy, or SignetVerifyPackages=false to turn the check off)");
            return false;
        }

        PackagePolicy policy;
        IReadOnlyList<RestoredPackage> packages;
        Verifier verifier;
        try
        {
            policy = PackagePolicy.Parse(ReadText(PolicyFile, PackagePolicy.MaxBytes), PolicyFile);
            packages = ProjectAssets.Read(File.ReadAllBytes(AssetsFile), AssetsFile);
            var root = policy.TrustedRootPath ?? Path.Combine(Path.GetDirectoryName(typeof(VerifySigstorePackages).Assembly.Location)!, "production_trusted_root.json");
            verifier = new Verifier(TrustedMaterial.Parse(File.ReadAllBytes(root)));
        }
        catch (Exception e) when (e is SignetFormatException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, ConfigurationCode, null, PolicyFile, 0, 0, 0, 0, $"Signet.NuGet.Verify: {e.Message}");
            return false;
        }

        var (refused, count) = new RestoreCheck(new NuGetPackageVerifier(verifier), policy).Check(packages);
        foreach (var r in refused)
        {
            Log.LogError(null, RefusedCode, null, PolicyFile, 0, 0, 0, 0, $"Signet.NuGet.Verify: package {r.Id} {r.Version} refused: {r.Reason}");
        }

        Log.LogMessage(MessageImportance.Normal, $"Signet.NuGet.Verify: {count - refused.Count} of {count} package(s) named by {PolicyFile} verified");
        return !Log.HasLoggedErrors;
    }

    private static string ReadText(string path, int maxBytes)
    {
        var length = new FileInfo(path).Length;
        return length > maxBytes
            ? throw new SignetFormatException($"{path}: {length} bytes is larger than {maxBytes}")
            : File.ReadAllText(path);
    }
}
