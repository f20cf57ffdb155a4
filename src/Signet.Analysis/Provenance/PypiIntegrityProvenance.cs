using System.Security.Cryptography;
using Signet.Analysis.Packages;
using Signet.Analysis.Registry;
using Signet.Core;
using Signet.Core.Verification;
using Signet.Packages.PyPI;

namespace Signet.Analysis.Provenance;

/// <summary>
/// PyPI provenance (PEP 740): the provenance object PyPI's integrity API serves for a distribution file
/// (<c>GET /integrity/PROJECT/VERSION/FILENAME/provenance</c>), verified by <see cref="Pep740Verifier"/> — the one
/// <c>signet pypi verify</c> uses — against the file's name and digest, each attestation under its Trusted Publisher.
/// The summary names the repository the certificates were built from. No document (404) means no provenance.
/// <see cref="PreviousAsync"/> finds the release before through the index's JSON API and checks its files the same way.
/// </summary>
/// <param name="http">The client for the index.</param>
/// <param name="index">The index (PyPI: <c>https://pypi.org/</c>).</param>
/// <param name="trustedMaterial">The Sigstore trust.</param>
public sealed class PypiIntegrityProvenance(HttpClient http, Uri index, ITrustedMaterial trustedMaterial) : IProvenanceSource
{
    /// <summary>How many files of the previous release are asked about (the first with verified provenance decides).</summary>
    public const int MaxPreviousFiles = 4;

    /// <summary>PyPI itself.</summary>
    public static Uri PyPI { get; } = new("https://pypi.org/");

    private readonly Pep740Verifier _verifier = new(new Verifier(trustedMaterial));
    private readonly PypiIndex _index = new(http, index);

    public bool Supports(Ecosystem ecosystem) => ecosystem == Ecosystem.PyPI;

    public Task<ProvenanceSummary> VerifyAsync(PackageContents package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Archive.IsEmpty || package.FileName is null)
        {
            throw new ArgumentException("PyPI provenance needs the distribution file and its name (PackageReader keeps them)", nameof(package));
        }

        return VerifyFileAsync(package.Name, package.Version, package.FileName, Artifact.FromBytes(package.Archive), cancellationToken);
    }

    /// <summary>
    /// The previous release's provenance: the release before this one in PEP 440 order from the index's JSON API
    /// (<see cref="PypiIndex.PreviousReleaseAsync"/>), its files of the same kind (sdist or wheel) first, at most
    /// <see cref="MaxPreviousFiles"/> of them, each verified against the SHA-256 the index lists for it. Verified when one
    /// file's provenance verifies; null when the index knows no earlier release.
    /// </summary>
    public async Task<ProvenanceSummary?> PreviousAsync(PackageContents package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (await _index.PreviousReleaseAsync(package.Name, package.Version, cancellationToken).ConfigureAwait(false) is not { } release)
        {
            return null;
        }

        var kind = package.FileName?.EndsWith(".whl", StringComparison.OrdinalIgnoreCase) == true ? "bdist_wheel" : "sdist";
        ProvenanceSummary? invalid = null;
        foreach (var file in release.Files.OrderBy(f => f.PackageType == kind ? 0 : 1).Take(MaxPreviousFiles))
        {
            var summary = await VerifyFileAsync(package.Name, release.Version, file.FileName, Artifact.FromDigest(HashAlgorithmName.SHA256, file.Sha256), cancellationToken).ConfigureAwait(false);
            if (summary.Status == ProvenanceStatus.Verified)
            {
                return summary;
            }

            invalid ??= summary.Status == ProvenanceStatus.Invalid ? summary : null;
        }

        return invalid ?? ProvenanceSummary.None;
    }

    /// <summary>The provenance of one distribution file of <paramref name="project"/> <paramref name="version"/>, verified against <paramref name="distribution"/>.</summary>
    private async Task<ProvenanceSummary> VerifyFileAsync(string project, string version, string fileName, Artifact distribution, CancellationToken cancellationToken)
    {
        // PEP 503 normalized project name; the file name as uploaded (it is the statement's subject).
        var url = new Uri(index, $"integrity/{Uri.EscapeDataString(PypiIndex.NormalizeProject(project))}/{Uri.EscapeDataString(version)}/{Uri.EscapeDataString(fileName)}/provenance");
        if (await RegistryDocuments.GetAsync(http, url, Pep740Attestation.MaxBytes, cancellationToken).ConfigureAwait(false) is not { } document)
        {
            return ProvenanceSummary.None;
        }

        try
        {
            var provenance = PypiProvenance.Parse(document);
            var verified = _verifier.VerifyProvenance(provenance, fileName, distribution, repository: null, identity: null);
            var repositories = new SortedSet<string>(verified.Select(v => v.Certificate.SourceRepositoryUri ?? v.Certificate.SubjectAlternativeName ?? "(unnamed)"), StringComparer.Ordinal);
            if (repositories.Count > 1)
            {
                return new ProvenanceSummary(ProvenanceStatus.Invalid, null, null, verified.Count, "the attestations name different source repositories: " + string.Join(", ", repositories));
            }

            var builders = new SortedSet<string>(verified.Select(v => v.Certificate.BuildSignerUri ?? v.Certificate.SubjectAlternativeName ?? "(unnamed)"), StringComparer.Ordinal);
            return new ProvenanceSummary(ProvenanceStatus.Verified, repositories.Min, string.Join(", ", builders), verified.Count, null);
        }
        catch (Exception e) when (e is VerificationException or SignetFormatException)
        {
            return new ProvenanceSummary(ProvenanceStatus.Invalid, null, null, 0, $"PyPI provenance of {fileName}: {e.Message}");
        }
    }
}
