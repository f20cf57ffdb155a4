using Signet.Core.Certificates;

namespace Signet.Packages.PyPI;

/// <summary>
/// A PyPI Trusted Publisher, the identity a provenance object's attestation bundle names, and the certificate rules
/// pypi-attestations applies for it: the OIDC issuer (Fulcio OID .8), the source repository (.12), and the Build Config
/// URI (.18) being the publisher's workflow at the certificate's own ref or commit (.14 / .13).
/// </summary>
public abstract record TrustedPublisher(string Kind) : ICertificateRule
{
    /// <summary>Null when <paramref name="cert"/> is this publisher's, otherwise why not.</summary>
    public abstract string? Mismatch(FulcioCertificate cert);

    /// <summary>The publishing repository as <c>host/owner/name</c>, or null for publishers without one.</summary>
    public abstract string? Repository { get; }

    /// <summary>The checks shared by forge publishers: issuer, source repository, then the Build Config URI.</summary>
    private protected static string? ForgeMismatch(FulcioCertificate cert, string issuer, string repositoryUrl, Func<string, string> expectedBuildConfig, string what)
    {
        if (cert.Issuer != issuer)
        {
            return $"certificate OIDC issuer '{cert.Issuer ?? "(none)"}' is not {issuer}";
        }

        if (cert.SourceRepositoryUri != repositoryUrl)
        {
            return $"certificate source repository '{cert.SourceRepositoryUri ?? "(none)"}' is not {repositoryUrl}";
        }

        var buildConfig = cert.BuildConfigUri;
        foreach (var suffix in new[] { cert.SourceRepositoryDigest, cert.SourceRepositoryRef })
        {
            if (suffix is not null && buildConfig == expectedBuildConfig(suffix))
            {
                return null;
            }
        }

        return $"certificate's Build Config URI ({buildConfig ?? "(none)"}) does not match the expected Trusted Publisher ({what})";
    }
}

/// <summary>A GitHub Actions Trusted Publisher: repository <c>owner/name</c> and workflow file name.</summary>
public sealed record GitHubPublisher(string RepositorySlug, string Workflow, string? Environment) : TrustedPublisher("GitHub")
{
    /// <inheritdoc/>
    public override string Repository => "github.com/" + RepositorySlug;

    /// <inheritdoc/>
    public override string? Mismatch(FulcioCertificate cert) => ForgeMismatch(
        cert, "https://token.actions.githubusercontent.com", $"https://github.com/{RepositorySlug}",
        suffix => $"https://github.com/{RepositorySlug}/.github/workflows/{Workflow}@{suffix}", $"{Workflow} @ {RepositorySlug}");
}

/// <summary>A GitLab CI/CD Trusted Publisher: project path and CI configuration file path.</summary>
public sealed record GitLabPublisher(string RepositorySlug, string WorkflowFilepath, string? Environment) : TrustedPublisher("GitLab")
{
    /// <inheritdoc/>
    public override string Repository => "gitlab.com/" + RepositorySlug;

    /// <inheritdoc/>
    public override string? Mismatch(FulcioCertificate cert) => ForgeMismatch(
        cert, "https://gitlab.com", $"https://gitlab.com/{RepositorySlug}",
        suffix => $"https://gitlab.com/{RepositorySlug}//{WorkflowFilepath}@{suffix}", $"{WorkflowFilepath} @ {RepositorySlug}");
}

/// <summary>A Google Cloud Trusted Publisher: the service account's email, issued by Google's accounts.</summary>
public sealed record GooglePublisher(string Email) : TrustedPublisher("Google")
{
    /// <inheritdoc/>
    public override string? Repository => null;

    /// <inheritdoc/>
    public override string? Mismatch(FulcioCertificate cert)
    {
        const string Issuer = "https://accounts.google.com";
        if (cert.Issuer != Issuer)
        {
            return $"certificate OIDC issuer '{cert.Issuer ?? "(none)"}' is not {Issuer}";
        }

        return cert.SubjectAlternativeNames.Any(s => s.Value == Email) ? null : $"certificate identity '{cert.SubjectAlternativeName ?? "(none)"}' is not {Email}";
    }
}
