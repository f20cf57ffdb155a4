using Signet.Core.Certificates;
using Signet.Core.Verification;

namespace Signet.Policy.Provenance;

/// <summary>
/// The GitHub Actions workflow a Fulcio certificate was issued to (fulcio docs/oid-info.md), read as slsa-verifier's
/// GetWorkflowInfoFromCertificate reads it: each claim from its current extension or its deprecated twin (.2/.20,
/// .3/.13, .1/.8, .5/.12), which must agree when both are present; the signing workflow from the URI SAN.
/// </summary>
internal sealed record WorkflowIdentity(
    string Issuer,
    string SourceRepository,
    string SourceSha1,
    string BuildTrigger,
    string SubjectWorkflowName,
    string SubjectWorkflowRef)
{
    private const string GitHub = "https://github.com/";

    /// <summary>The signing workflow as a builder ID (<c>https://github.com/ORG/REPO/PATH@REF</c>).</summary>
    public BuilderId Builder => new(SubjectWorkflowName, SubjectWorkflowRef);

    public static WorkflowIdentity From(FulcioCertificate cert)
    {
        var san = cert.SubjectAlternativeNames.FirstOrDefault(s => s.Kind == SubjectAlternativeNameKind.Uri)?.Value
            ?? throw NotAWorkflow("the certificate has no URI subject alternative name");
        var trigger = Claim(cert, FulcioOids.GitHubWorkflowTrigger, FulcioOids.BuildTrigger, "build trigger");
        var sha = Claim(cert, FulcioOids.GitHubWorkflowSha, FulcioOids.SourceRepositoryDigest, "source digest");
        if (cert.Get(FulcioOids.BuildConfigDigest) is { Length: > 0 } configSha && configSha != sha)
        {
            throw NotAWorkflow($"build config digest '{configSha}' is not the source digest '{sha}'");
        }

        var issuer = Claim(cert, FulcioOids.IssuerV1, FulcioOids.Issuer, "issuer");
        var deprecatedRepo = cert.Get(FulcioOids.GitHubWorkflowRepository) ?? "";
        var sourceUri = cert.Get(FulcioOids.SourceRepositoryUri) ?? "";
        if (deprecatedRepo.Length > 0 && sourceUri.Length > 0 && GitHub + deprecatedRepo != sourceUri)
        {
            throw NotAWorkflow($"repository '{deprecatedRepo}' disagrees with source repository URI '{sourceUri}'");
        }

        var repository = sourceUri.StartsWith(GitHub, StringComparison.Ordinal) ? sourceUri[GitHub.Length..] : sourceUri;
        if (repository.Length == 0)
        {
            repository = deprecatedRepo;
        }

        // The SAN is https://github.com/ORG/REPO/PATH/TO/WORKFLOW@REF; only github.com workflows are builders here.
        if (!Uri.TryCreate(san, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host != "github.com")
        {
            throw NotAWorkflow($"the signing identity '{san}' is not a github.com workflow");
        }

        var path = uri.AbsolutePath;
        var at = san.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? san : san[..at];
        var gitRef = at < 0 ? "" : san[(at + 1)..];
        if (path.Length < 2 || gitRef.Length == 0)
        {
            throw NotAWorkflow($"the signing identity '{san}' is not a workflow at a ref (PATH@REF)");
        }

        return new WorkflowIdentity(issuer, repository, sha, trigger, name, gitRef);
    }

    private static string Claim(FulcioCertificate cert, string deprecatedOid, string oid, string what)
    {
        var deprecated = cert.Get(deprecatedOid) ?? "";
        var current = cert.Get(oid) ?? "";
        if (deprecated.Length > 0 && current.Length > 0 && deprecated != current)
        {
            throw NotAWorkflow($"{what}: '{deprecated}' ({deprecatedOid}) disagrees with '{current}' ({oid})");
        }

        var value = current.Length > 0 ? current : deprecated;
        return value.Length > 0 ? value : throw NotAWorkflow($"{what}: neither {deprecatedOid} nor {oid} is present");
    }

    private static VerificationException NotAWorkflow(string why)
        => new(VerificationErrorCode.UntrustedBuilder, $"the signing certificate is not a GitHub Actions workflow certificate: {why}");
}
