using Signet.Core.Certificates;

namespace Signet.Ca.Issuers;

/// <summary>
/// The Fulcio extensions a CI provider's claims may fill (<see cref="FulcioOids"/>), by the names Fulcio's YAML
/// configuration gives them (docs/oid-info.md). .2–.6 are raw strings (deprecated, still emitted for GitHub);
/// .9–.23 are DER UTF8String.
/// </summary>
public static class FulcioExtensions
{
    /// <summary>Fulcio's YAML name → OID, and whether the value is DER-encoded (true from .8 on).</summary>
    public static IReadOnlyList<(string Name, string Oid, bool Der)> All { get; } =
    [
        ("github-workflow-trigger", FulcioOids.GitHubWorkflowTrigger, false),
        ("github-workflow-sha", FulcioOids.GitHubWorkflowSha, false),
        ("github-workflow-name", FulcioOids.GitHubWorkflowName, false),
        ("github-workflow-repository", FulcioOids.GitHubWorkflowRepository, false),
        ("github-workflow-ref", FulcioOids.GitHubWorkflowRef, false),
        ("build-signer-uri", FulcioOids.BuildSignerUri, true),
        ("build-signer-digest", FulcioOids.BuildSignerDigest, true),
        ("runner-environment", FulcioOids.RunnerEnvironment, true),
        ("source-repository-uri", FulcioOids.SourceRepositoryUri, true),
        ("source-repository-digest", FulcioOids.SourceRepositoryDigest, true),
        ("source-repository-ref", FulcioOids.SourceRepositoryRef, true),
        ("source-repository-identifier", FulcioOids.SourceRepositoryIdentifier, true),
        ("source-repository-owner-uri", FulcioOids.SourceRepositoryOwnerUri, true),
        ("source-repository-owner-identifier", FulcioOids.SourceRepositoryOwnerIdentifier, true),
        ("build-config-uri", FulcioOids.BuildConfigUri, true),
        ("build-config-digest", FulcioOids.BuildConfigDigest, true),
        ("build-trigger", FulcioOids.BuildTrigger, true),
        ("run-invocation-uri", FulcioOids.RunInvocationUri, true),
        ("source-repository-visibility-at-signing", FulcioOids.SourceRepositoryVisibilityAtSigning, true),
        ("deployment-environment", FulcioOids.DeploymentEnvironment, true),
    ];

    /// <summary>The YAML name for <c>build-signer-uri</c>, <c>BuildSignerURI</c> or <c>buildSignerUri</c>; null if unknown.</summary>
    public static string? CanonicalName(string name)
    {
        var squashed = Squash(name);
        foreach (var (n, _, _) in All)
        {
            if (Squash(n) == squashed)
            {
                return n;
            }
        }

        return null;
    }

    public static (string Oid, bool Der) Lookup(string canonicalName)
    {
        foreach (var (n, oid, der) in All)
        {
            if (n == canonicalName)
            {
                return (oid, der);
            }
        }

        throw new KeyNotFoundException(canonicalName);
    }

    private static string Squash(string s) => s.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
