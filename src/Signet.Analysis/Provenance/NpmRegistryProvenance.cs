using System.Security.Cryptography;
using Signet.Analysis.Packages;
using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Analysis.Provenance;

/// <summary>
/// npm provenance: the registry's attestations document for the package version (<c>GET /-/npm/v1/attestations/NAME@VERSION</c>),
/// verified by <see cref="NpmProvenanceVerifier"/> — the one <c>signet npm verify</c> uses — against the tarball's
/// SHA-512 and the registry's keys (<c>GET /-/npm/v1/keys</c>, fetched once). The signer's identity is not constrained:
/// the summary reports the source repository and builder the provenance names, and <see cref="ProvenanceRules"/>
/// compares them with the package metadata. A registry without the document (404) means no provenance.
/// </summary>
/// <param name="http">The client for the registry.</param>
/// <param name="registry">The npm registry (<see cref="Registry.PackageRegistry.NpmRegistry"/>), asked for only when an npm package is verified.</param>
/// <param name="trustedMaterial">The Sigstore trust (the public-good root for the public registry).</param>
public sealed class NpmRegistryProvenance(HttpClient http, Func<Uri> registry, ITrustedMaterial trustedMaterial) : IProvenanceSource
{
    private readonly Verifier _verifier = new(trustedMaterial);
    private NpmRegistryKeys? _keys;

    public bool Supports(Ecosystem ecosystem) => ecosystem == Ecosystem.Npm;

    /// <summary>None: the previous version is found by whoever resolves the target (<see cref="Registry.AnalysisTarget"/>).</summary>
    public Task<ProvenanceSummary?> PreviousAsync(PackageContents package, CancellationToken cancellationToken) => Task.FromResult<ProvenanceSummary?>(null);

    public async Task<ProvenanceSummary> VerifyAsync(PackageContents package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Archive.IsEmpty)
        {
            throw new ArgumentException("npm provenance needs the package's tarball (PackageReader keeps it)", nameof(package));
        }

        // npm's package names may be scoped (@scope/name): the slash is escaped in the path, as npm does.
        var url = new Uri(registry(), $"-/npm/v1/attestations/{package.Name.Replace("/", "%2f", StringComparison.Ordinal)}@{Uri.EscapeDataString(package.Version)}");
        if (await RegistryDocuments.GetAsync(http, url, NpmAttestations.MaxBytes, cancellationToken).ConfigureAwait(false) is not { } document)
        {
            return ProvenanceSummary.None;
        }

        try
        {
            var attestations = NpmAttestations.Parse(document);
            _keys ??= NpmRegistryKeys.Parse(await NpmRegistryKeys.FetchAsync(http, registry(), cancellationToken).ConfigureAwait(false));
            var result = new NpmProvenanceVerifier(_verifier, _keys).Verify(
                attestations,
                Artifact.FromDigest(HashAlgorithmName.SHA512, SHA512.HashData(package.Archive.Span)),
                new NpmPolicy { PackageName = package.Name, PackageVersion = package.Version });
            return new ProvenanceSummary(ProvenanceStatus.Verified, result.SourceRepository, result.BuilderId, 2, null);
        }
        catch (VerificationException e)
        {
            return new ProvenanceSummary(ProvenanceStatus.Invalid, null, null, 2, $"npm attestations of {package.Name}@{package.Version}: {e.Message}");
        }
        catch (SignetFormatException e)
        {
            return new ProvenanceSummary(ProvenanceStatus.Invalid, null, null, 2, $"npm attestations of {package.Name}@{package.Version}: {e.Message}");
        }
    }
}
