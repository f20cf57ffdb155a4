using Signet.Analysis.Packages;
using Signet.Core.Verification;

namespace Signet.Analysis.Provenance;

/// <summary>
/// NuGet packages that embed a Sigstore bundle next to each file it signs (<c>lib/net8.0/X.dll.sigstore.json</c> beside
/// <c>lib/net8.0/X.dll</c>, as OpenTelemetry .NET ships them), verified by <see cref="NuGetPackageVerifier"/> — the one
/// implementation <c>signet nuget verify</c> and the restore-time task use. The signer's identity is not constrained here
/// (the policy is <see cref="VerificationPolicy.WithoutIdentityUnsafe"/>): the summary reports the repository and builder
/// the certificates name, and <see cref="ProvenanceRules"/> compares them with the package metadata.
/// </summary>
public sealed class NuGetEmbeddedProvenance(ITrustedMaterial trustedMaterial) : IProvenanceSource
{
    public const string BundleSuffix = NuGetPackageVerifier.BundleSuffix;

    private readonly NuGetPackageVerifier _verifier = new(new Verifier(trustedMaterial));

    public bool Supports(Ecosystem ecosystem) => ecosystem == Ecosystem.NuGet;

    public Task<ProvenanceSummary> VerifyAsync(PackageContents package, CancellationToken cancellationToken)
        => Task.FromResult(Verify(package));

    /// <summary>None: the previous version is found by whoever resolves the target (<see cref="Registry.AnalysisTarget"/>).</summary>
    public Task<ProvenanceSummary?> PreviousAsync(PackageContents package, CancellationToken cancellationToken) => Task.FromResult<ProvenanceSummary?>(null);

    public ProvenanceSummary Verify(PackageContents package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var bundles = package.Files.Count(f => f.Path.EndsWith(BundleSuffix, StringComparison.OrdinalIgnoreCase));
        if (bundles == 0)
        {
            return ProvenanceSummary.None;
        }

        var nupkg = NuGetPackage.FromFiles($"{package.Name}.{package.Version}.nupkg", package.Files);
        var outcome = _verifier.Verify(nupkg, VerificationPolicy.WithoutIdentityUnsafe(), requireAll: false);

        // A bundle signed with a key (signet nuget sign --key) names no source and, without its key, cannot be checked:
        // it is not provenance, neither good nor bad (the verifier refuses it as KeyMismatch: no key was given). Only
        // keyless bundles, whose certificates name the repository and workflow, count.
        var keyless = outcome.Files.Where(f => f.Code != VerificationErrorCode.KeyMismatch).ToList();
        if (keyless.FirstOrDefault(f => f.Status is NuGetFileStatus.Invalid or NuGetFileStatus.Refused) is { } bad)
        {
            return Invalid(bundles, $"{bad.BundlePath}: {bad.Reason}");
        }

        var signed = keyless.Where(f => f.Status == NuGetFileStatus.Verified && f.Result!.Certificate is not null)
            .Select(f => (f.BundlePath, f.Result!.Certificate)).ToList();
        if (signed.Count == 0)
        {
            return new ProvenanceSummary(ProvenanceStatus.None, null, null, bundles, "every bundle is signed with a key, which names no source");
        }

        var repositories = new SortedSet<string>(signed.Select(s => s.Certificate!.SourceRepositoryUri ?? s.Certificate.SubjectAlternativeName ?? "(unnamed)"), StringComparer.Ordinal);
        var builders = new SortedSet<string>(signed.Select(s => s.Certificate!.BuildSignerUri ?? s.Certificate.SubjectAlternativeName ?? "(unnamed)"), StringComparer.Ordinal);
        if (repositories.Count > 1)
        {
            return Invalid(bundles, "the package's bundles name different source repositories: " + string.Join(", ", repositories));
        }

        return new ProvenanceSummary(ProvenanceStatus.Verified, repositories.Min, string.Join(", ", builders), bundles, null);
    }

    private static ProvenanceSummary Invalid(int bundles, string detail) => new(ProvenanceStatus.Invalid, null, null, bundles, detail);
}
