using Signet.Analysis.Packages;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;

namespace Signet.Analysis.Provenance;

/// <summary>
/// NuGet packages that embed a Sigstore bundle next to each file it signs (<c>lib/net8.0/X.dll.sigstore.json</c> beside
/// <c>lib/net8.0/X.dll</c>, as OpenTelemetry .NET ships them): every bundle is verified against its file with the Sigstore
/// verifier and the trusted root given. The signer's identity is not constrained here (the policy is
/// <see cref="VerificationPolicy.WithoutIdentityUnsafe"/>): the summary reports the repository and builder the certificates
/// name, and <see cref="ProvenanceRules"/> compares them with the package metadata.
/// </summary>
public sealed class NuGetEmbeddedProvenance(ITrustedMaterial trustedMaterial) : IProvenanceSource
{
    public const string BundleSuffix = ".sigstore.json";

    private readonly Verifier _verifier = new(trustedMaterial);

    public bool Supports(Ecosystem ecosystem) => ecosystem == Ecosystem.NuGet;

    public Task<ProvenanceSummary> VerifyAsync(PackageContents package, CancellationToken cancellationToken)
        => Task.FromResult(Verify(package));

    public ProvenanceSummary Verify(PackageContents package)
    {
        var bundles = package.Files.Where(f => f.Path.EndsWith(BundleSuffix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (bundles.Count == 0)
        {
            return ProvenanceSummary.None;
        }

        var repositories = new SortedSet<string>(StringComparer.Ordinal);
        var builders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var bundleFile in bundles)
        {
            var artifactPath = bundleFile.Path[..^BundleSuffix.Length];
            if (package.Find(artifactPath) is not { } artifact)
            {
                return Invalid(bundles.Count, $"{bundleFile.Path}: the file it signs ({artifactPath}) is not in the package");
            }

            try
            {
                var result = _verifier.Verify(Bundle.Parse(bundleFile.Content.Span), Artifact.FromBytes(artifact.Content), VerificationPolicy.WithoutIdentityUnsafe());
                if (result.Certificate is not { } cert)
                {
                    return Invalid(bundles.Count, $"{bundleFile.Path}: signed with a key, not a certificate naming a source");
                }

                repositories.Add(cert.SourceRepositoryUri ?? cert.SubjectAlternativeName ?? "(unnamed)");
                builders.Add(cert.BuildSignerUri ?? cert.SubjectAlternativeName ?? "(unnamed)");
            }
            catch (VerificationException e)
            {
                return Invalid(bundles.Count, $"{bundleFile.Path}: {e.Message}");
            }
            catch (SignetFormatException e)
            {
                return Invalid(bundles.Count, $"{bundleFile.Path}: {e.Message}");
            }
        }

        if (repositories.Count > 1)
        {
            return Invalid(bundles.Count, "the package's bundles name different source repositories: " + string.Join(", ", repositories));
        }

        return new ProvenanceSummary(ProvenanceStatus.Verified, repositories.Min, string.Join(", ", builders), bundles.Count, null);
    }

    private static ProvenanceSummary Invalid(int bundles, string detail) => new(ProvenanceStatus.Invalid, null, null, bundles, detail);
}
