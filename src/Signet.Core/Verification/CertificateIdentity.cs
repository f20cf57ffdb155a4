using Signet.Core.Certificates;

namespace Signet.Core.Verification;

/// <summary>
/// An identity a keyless signature must carry: the certificate's SAN and OIDC issuer (Fulcio extension .8, or .1),
/// plus optional GitHub workflow constraints (repository, ref, sha, trigger, workflow name).
/// </summary>
public sealed record CertificateIdentity(StringMatcher SubjectAlternativeName, StringMatcher Issuer)
{
    /// <summary>GitHub Actions facts the certificate must also state, or null for none.</summary>
    public GitHubWorkflowConstraints? GitHubWorkflow { get; init; }

    /// <summary>Returns null when the certificate satisfies this identity, otherwise why not.</summary>
    public string? Mismatch(FulcioCertificate cert)
    {
        if (!cert.SubjectAlternativeNames.Any(s => SubjectAlternativeName.IsMatch(s.Value)))
        {
            // The certificate's values are escaped here: a SAN may carry control characters (issue 14: "…main\n").
            return $"certificate identity '{PrintableText.Escape(cert.SubjectAlternativeName ?? "(none)")}' does not match {SubjectAlternativeName}";
        }

        if (!Issuer.IsMatch(cert.Issuer))
        {
            return $"certificate OIDC issuer '{PrintableText.Escape(cert.Issuer ?? "(none)")}' does not match {Issuer}";
        }

        return GitHubWorkflow?.Mismatch(cert);
    }
}

/// <summary>GitHub Actions facts the certificate must state exactly (Fulcio OIDs .2–.6 or their successors).</summary>
public sealed record GitHubWorkflowConstraints(
    string? Repository = null,
    string? Ref = null,
    string? Sha = null,
    string? Trigger = null,
    string? Name = null)
{
    /// <summary>Returns null when the certificate states every constraint given, otherwise which one differs.</summary>
    public string? Mismatch(FulcioCertificate cert)
    {
        var repository = cert.GitHubWorkflowRepository ?? RepositoryFromUri(cert.SourceRepositoryUri);
        return Check("repository", Repository, repository)
            ?? Check("ref", Ref, cert.GitHubWorkflowRef)
            ?? Check("sha", Sha, cert.GitHubWorkflowSha)
            ?? Check("trigger", Trigger, cert.GitHubWorkflowTrigger)
            ?? Check("workflow name", Name, cert.GitHubWorkflowName);
    }

    private static string? Check(string what, string? expected, string? actual)
        => expected is null || string.Equals(expected, actual, StringComparison.Ordinal)
            ? null
            : $"GitHub workflow {what} '{actual ?? "(none)"}' is not '{expected}'";

    private static string? RepositoryFromUri(string? uri)
        => uri is not null && uri.StartsWith("https://github.com/", StringComparison.Ordinal) ? uri["https://github.com/".Length..] : null;
}
