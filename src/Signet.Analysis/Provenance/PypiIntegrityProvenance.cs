using Signet.Analysis.Packages;
using Signet.Core;
using Signet.Core.Verification;
using Signet.Packages.PyPI;

namespace Signet.Analysis.Provenance;

/// <summary>
/// PyPI provenance (PEP 740): the provenance object PyPI's integrity API serves for a distribution file
/// (<c>GET /integrity/PROJECT/VERSION/FILENAME/provenance</c>), verified by <see cref="Pep740Verifier"/> — the one
/// <c>signet pypi verify</c> uses — against the file's name and digest, each attestation under its Trusted Publisher.
/// The summary names the repository the certificates were built from. No document (404) means no provenance.
/// </summary>
/// <param name="http">The client for the index.</param>
/// <param name="index">The index (PyPI: <c>https://pypi.org/</c>).</param>
/// <param name="trustedMaterial">The Sigstore trust.</param>
public sealed class PypiIntegrityProvenance(HttpClient http, Uri index, ITrustedMaterial trustedMaterial) : IProvenanceSource
{
    /// <summary>PyPI itself.</summary>
    public static Uri PyPI { get; } = new("https://pypi.org/");

    private readonly Pep740Verifier _verifier = new(new Verifier(trustedMaterial));

    public bool Supports(Ecosystem ecosystem) => ecosystem == Ecosystem.PyPI;

    public async Task<ProvenanceSummary> VerifyAsync(PackageContents package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Archive.IsEmpty || package.FileName is null)
        {
            throw new ArgumentException("PyPI provenance needs the distribution file and its name (PackageReader keeps them)", nameof(package));
        }

        // PEP 503 normalized project name; the file name as uploaded (it is the statement's subject).
        var project = NormalizeProject(package.Name);
        var url = new Uri(index, $"integrity/{Uri.EscapeDataString(project)}/{Uri.EscapeDataString(package.Version)}/{Uri.EscapeDataString(package.FileName)}/provenance");
        if (await RegistryDocuments.GetAsync(http, url, Pep740Attestation.MaxBytes, cancellationToken).ConfigureAwait(false) is not { } document)
        {
            return ProvenanceSummary.None;
        }

        try
        {
            var provenance = PypiProvenance.Parse(document);
            var verified = _verifier.VerifyProvenance(provenance, package.FileName, Artifact.FromBytes(package.Archive), repository: null, identity: null);
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
            return new ProvenanceSummary(ProvenanceStatus.Invalid, null, null, 0, $"PyPI provenance of {package.FileName}: {e.Message}");
        }
    }

    /// <summary>PEP 503 §Normalized Names: runs of <c>-</c>, <c>_</c> and <c>.</c> become one <c>-</c>, lower case.</summary>
    private static string NormalizeProject(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (sb.Length == 0 || sb[^1] != '-')
                {
                    sb.Append('-');
                }
            }
            else
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }
}
